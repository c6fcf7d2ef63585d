// The clerk's task list: how many are done and the orders it can be read in.
import type { Task } from '../api/types'

/** Done means handed in: submitted (awaiting review) or approved. */
export function isDone(status: string): boolean {
  return status === 'submitted' || status === 'approved'
}

/** How many of the tasks are done, and of how many. */
export function doneCount(tasks: readonly Pick<Task, 'status'>[]): { done: number; total: number } {
  return { done: tasks.filter((t) => isDone(t.status)).length, total: tasks.length }
}

/** The orders of the task list: urgent (overdue first, then by deadline), by deadline, by status. */
export type TaskSort = 'urgent' | 'deadline' | 'status'
export const taskSorts: TaskSort[] = ['urgent', 'deadline', 'status']

/** What needs the clerk first: returned, not started, draft, then the handed-in ones. */
const statusRank: Record<string, number> = { returned: 0, not_started: 1, draft: 2, submitted: 3, approved: 4 }

type Sortable = Pick<Task, 'id' | 'status' | 'deadline' | 'overdue'>

/** Past its deadline and not handed in. */
export function isLate(t: Pick<Task, 'status' | 'overdue'>): boolean {
  return t.overdue && !isDone(t.status)
}

/** The tasks in the given order (a new array; ties by deadline, then id, so the order is stable). */
export function sortTasks<T extends Sortable>(tasks: readonly T[], by: TaskSort): T[] {
  const time = (t: T) => Date.parse(t.deadline) || 0
  const byDeadline = (a: T, b: T) => time(a) - time(b) || a.id - b.id
  const rank = (t: T) => statusRank[t.status] ?? 9
  const cmp: Record<TaskSort, (a: T, b: T) => number> = {
    urgent: (a, b) => Number(isLate(b)) - Number(isLate(a)) || Number(isDone(a.status)) - Number(isDone(b.status)) || byDeadline(a, b),
    deadline: byDeadline,
    status: (a, b) => rank(a) - rank(b) || byDeadline(a, b),
  }
  return tasks.slice().sort(cmp[by])
}
