// Endpoint functions for the reviewer's screens: the queue (GET /submissions) with its filters'
// choices, bulk approval, and the decisions on one submission (approve, return, reopen).
import { api } from './client'
import { OrgType, type ReviewLevel } from './vocab'
import type { BulkApproveResult, Form, FormSummary, Org, OrgNode, Page, Revision, Submission, SubmissionSummary } from './types'

/**
 * The queue's filters as its form holds them; '' means any. awaiting 'me': only what waits at a level
 * the caller reviews at (their own queue, year-over-year first, then oldest); level: only the
 * submitted ones waiting at that review level.
 */
export interface QueueFilter { form: string; period: string; status: string; town: string; awaiting?: 'me' | ''; level?: ReviewLevel | '' }

/** One page of the submissions in the caller's review scope that match the filter. */
export function fetchQueue(f: QueueFilter, page: number, pageSize: number) {
  return api.get<Page<SubmissionSummary>>('/submissions', {
    awaiting: f.awaiting || undefined, level: f.level || undefined, form: f.form, period: f.period, status: f.status, town: f.town, page, page_size: pageSize,
  })
}

/** Approves each submitted submission of `ids` that the caller may review; answers each one's status. */
export function bulkApprove(ids: number[]) {
  return api.post<BulkApproveResult>('/submissions/bulk-approve', { ids })
}

/** Approves a submitted submission at the version the reviewer read (a stale one is a 409). */
export function approveSubmission(id: number | string, version: number) {
  return api.post<Submission>(`/submissions/${id}/approve`, { version })
}

/** Where a return sends a submission: to the org that filled it in, or to the review level under the one it waits at. */
export type ReturnTo = 'filler' | 'below'

/** Returns a submitted submission to its clerk (or, to 'below', to the level under) with a comment and optional comments per field. */
export function returnSubmission(id: number | string, version: number, comment: string, fieldComments: Record<string, string>, to: ReturnTo = 'filler') {
  return api.post<Submission>(`/submissions/${id}/return`, { version, comment, field_comments: fieldComments, ...(to === 'below' ? { to } : {}) })
}

/** Reopens an approved submission for its clerk (the approval is withdrawn); the comment says why and is required. */
export function reopenSubmission(id: number | string, version: number, comment: string, fieldComments: Record<string, string> = {}) {
  return api.post<Submission>(`/submissions/${id}/reopen`, { version, comment, field_comments: fieldComments })
}

/** The forms the queue can be filtered by. */
export function fetchForms() {
  return api.get<{ items: FormSummary[] }>('/forms')
}

/** The towns in the caller's scope (the queue's town filter). */
export function fetchTowns() {
  return api.get<Page<Org>>('/orgs', { type: OrgType.Town, page_size: 200 })
}

/** The org tree of the caller's scope (GET /orgs?tree=1). */
export function fetchOrgTree() {
  return api.get<{ items: OrgNode[] }>('/orgs', { tree: 1 })
}

/** What the review page shows of one submission: the submission, the form version it was filled on, its history. */
export interface ReviewData { sub: Submission; form: Form; history: Revision[] }

/** Reads a submission, then its pinned form version and its history in parallel. */
export async function fetchReview(id: number | string): Promise<ReviewData> {
  const sub = await api.get<Submission>(`/submissions/${id}`)
  const [form, h] = await Promise.all([
    api.get<Form>(`/forms/${encodeURIComponent(sub.form)}`, { version: sub.form_version }),
    api.get<{ items: Revision[] }>(`/submissions/${id}/history`),
  ])
  return { sub, form, history: h.items }
}
