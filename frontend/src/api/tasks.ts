// Endpoint functions for the caller's tasks.
import { api } from './client'
import type { FormSummary, Page, Task } from './types'

export function fetchTasks(pageSize = 100) {
  return api.get<Page<Task>>('/tasks', { page_size: pageSize })
}

/** The English titles of the forms, by code (a task carries only the Chinese title). */
export async function fetchFormTitlesEn(): Promise<Record<string, string>> {
  const r = await api.get<{ items: FormSummary[] }>('/forms')
  return Object.fromEntries(r.items.filter((f) => f.title_en).map((f) => [f.code, f.title_en as string]))
}
