// Supervision notices (督办单): issue, answer, return, escalate, close (GET/POST /notices…).
import { api, ApiError, NetworkError } from './client'
import type { Page } from './types'
import type { NoticeLevel, NoticeReason, NoticeStatus } from './vocab'

export interface Notice {
  id: number
  org_id: number
  org_code: string
  org_name: string
  measure: number | null
  reason: NoticeReason
  subject: string
  title: string
  required_action: string
  deadline: string
  level: NoticeLevel
  status: NoticeStatus
  version: number
  issued_by: number
  created_at: string
  updated_at: string
  closed_at: string | null
}
export interface NoticeEvent {
  kind: 'issue' | 'answer' | 'return' | 'escalate' | 'close'
  actor_id: number
  level: NoticeLevel
  text: string
  evidence: NoticeEvidence[]
  deadline: string | null
  at: string
}
/** A file in an answer: url downloads it (with the caller's token). */
export interface NoticeEvidence { id: string; name: string; size: number; content_type: string; url: string }
export interface NoticeDetail extends Notice { events: NoticeEvent[] }
export interface NewNotice {
  org_id: number
  measure: number | null
  reason: NoticeReason
  subject?: string
  title: string
  required_action: string
  deadline: string
  level: NoticeLevel
}
export type NoticeAction = 'answer' | 'return' | 'escalate' | 'close'

export const fetchNotices = (q: { active?: boolean; status?: NoticeStatus; measure?: number; page?: number } = {}) =>
  api.get<Page<Notice>>('/notices', { active: q.active ? '1' : undefined, status: q.status, measure: q.measure, page: q.page, page_size: 50 })
export const fetchNotice = (id: number) => api.get<NoticeDetail>(`/notices/${id}`)
export const issueNotice = (n: NewNotice) => api.post<Notice>('/notices', n)
export const noticeStep = (id: number, action: NoticeAction, body: { version: number; text?: string; evidence?: string[] }) =>
  api.post<Notice>(`/notices/${id}/${action}`, body)

/** The unit's answer (反馈) with files uploaded in the same request (multipart); without files, plain JSON. */
export function answerNotice(id: number, body: { version: number; text: string }, files: { file: Blob; name: string }[]) {
  if (!files.length) return noticeStep(id, 'answer', body)
  const fd = new FormData()
  fd.append('version', String(body.version))
  fd.append('text', body.text)
  for (const f of files) fd.append('files', f.file, f.name)
  return api.request<Notice>('POST', `/notices/${id}/answer`, { raw: fd })
}

/** An evidence file's bytes (url as the notice lists it, /api/v1/…), read with the caller's token. */
export async function fetchEvidence(url: string): Promise<Blob> {
  const path = url.startsWith('/api/v1/') ? url.slice('/api/v1'.length) : url
  await api.ensureAccess()
  const get = async () => {
    try {
      return await api.fetchFn(api.base + path, { headers: { Authorization: 'Bearer ' + (api.tokens.access() ?? '') } })
    } catch (e) {
      throw new NetworkError(e)
    }
  }
  let res = await get()
  if (res.status === 401 && api.tokens.refresh() && (await api.refresh())) res = await get()
  if (!res.ok) throw new ApiError(res.status, res.status === 404 ? 'not_found' : 'error')
  return res.blob()
}

/** A lapse in the reviewer's scope a notice may name: an overdue data task or a returned form left untouched. */
export interface NoticeCandidate {
  reason: 'task_overdue' | 'returned_untouched'
  org_id: number
  org_code: string
  org_name: string
  form_code: string
  period: string
  submission_id: number | null
  since: string
  days: number
}
/** The candidates, returned forms counted after days untouched (the server's default 7). */
export const fetchCandidates = (days?: number) => api.get<{ items: NoticeCandidate[] }>('/notices/candidates', { days })
