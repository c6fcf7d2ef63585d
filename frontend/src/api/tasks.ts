// Endpoint functions for the caller's tasks.
import { api } from './client'
import { askEarly, takeEarlyOr } from './early'
import type { FormSummary, Page, Task } from './types'

export function fetchTasks(pageSize = 100) {
  return api.get<Page<Task>>('/tasks', { page_size: pageSize })
}

/** The task list, asked for as the router sets out for /tasks on a cold start (router.ts). */
export function prefetchTasks() {
  askEarly('tasks', () => fetchTasks())
}

/** The task list prefetchTasks asked for in the last few seconds, taken once; else (none, or it failed) fetched now. */
export function takeTasks() {
  return takeEarlyOr('tasks', () => fetchTasks())
}

/** The English titles of the forms, by code (a task carries only the Chinese title). */
export async function fetchFormTitlesEn(): Promise<Record<string, string>> {
  const r = await api.get<{ items: FormSummary[] }>('/forms')
  return Object.fromEntries(r.items.filter((f) => f.title_en).map((f) => [f.code, f.title_en as string]))
}
