// Endpoint functions for the caller's tasks.
import { api } from './client'
import type { Page, Task } from './types'

export function fetchTasks(pageSize = 100) {
  return api.get<Page<Task>>('/tasks', { page_size: pageSize })
}
