// The reviewer's queue (a Pinia store) and the review page's diff of the last resubmission.
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { fetchQueue, type QueueFilter } from '../api/review'
import type { Change, Revision } from '../api/types'
import { Role, SubmissionStatus, type ReviewLevel } from '../api/vocab'
import { useAsync } from '../composables/useAsync'
import { useAuth } from './auth'

/** What the queue lists: what waits for the caller (待我审核), or everything in their scope. */
export type QueueScope = 'mine' | 'all'

/**
 * The reviewer's queue. A reviewer starts on their own queue (GET /submissions?awaiting=me: what
 * waits at a level they review at); "all" is every submission of their scope, filtered by status
 * as before. The filter and the page stay while the reviewer opens one and comes back.
 */
export const useReviewQueue = defineStore('reviewQueue', () => {
  const auth = useAuth()
  /** Reviewers (and sysadmins) have a queue of their own; a leader reads everything. */
  const reviews = computed(() => auth.has(Role.Reviewer, Role.Sysadmin))
  const scope = ref<QueueScope>(reviews.value ? 'mine' : 'all')
  /** level: only the submitted ones waiting at that review level ('' any), in the "all" scope. */
  const filter = reactive({ form: '', period: '', status: SubmissionStatus.Submitted as string, town: '', level: '' as ReviewLevel | '' })
  const page = ref(1)
  const pageSize = 50
  const queue = useAsync((f: QueueFilter, p: number) => fetchQueue(f, p, pageSize), { loading: true })
  const items = computed(() => queue.data.value?.items ?? [])
  const total = computed(() => queue.data.value?.total ?? 0)

  /** The query of the current scope: the own queue takes no status (only submitted ones wait). */
  function query(): QueueFilter {
    return scope.value === 'mine' && reviews.value ? { ...filter, status: '', level: '', awaiting: 'me' } : { ...filter }
  }
  /** Loads a page; true when it arrived (a later load overtakes an earlier one). */
  async function load(p = 1): Promise<boolean> {
    if (!reviews.value) scope.value = 'all'
    if (!(await queue.run(query(), p))) return false
    page.value = p
    return true
  }
  async function setScope(s: QueueScope) {
    scope.value = s
    await load(1)
  }

  return { scope, filter, page, pageSize, items, total, reviews, loading: queue.loading, errorText: queue.errorText, load, setScope }
})


/**
 * The changes between the previous submit and the latest one, merged per field (first "from",
 * last "to"), from a submission's history. null when there has been at most one submit.
 */
export function changesSinceLastSubmit(history: Revision[]): Record<string, Change> | null {
  const revs = history.slice().sort((a, b) => a.version - b.version || a.id - b.id)
  const submits = revs.map((r, i) => (r.action === 'submit' ? i : -1)).filter((i) => i >= 0)
  if (submits.length < 2) return null
  const from = submits[submits.length - 2]
  const to = submits[submits.length - 1]
  const out: Record<string, Change> = {}
  for (const r of revs.slice(from + 1, to + 1)) {
    for (const [k, c] of Object.entries(r.changes ?? {})) {
      if (out[k]) out[k] = { from: out[k].from, to: c.to }
      else out[k] = { from: c.from, to: c.to }
    }
  }
  for (const k of Object.keys(out)) if (JSON.stringify(out[k].from) === JSON.stringify(out[k].to)) delete out[k]
  return out
}
