// Supervision notices (督办单): issue, answer, return, escalate, close (GET/POST /notices…).
import { api } from './client'
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
  evidence: { id: string; name: string }[]
  deadline: string | null
  at: string
}
export interface NoticeDetail extends Notice { events: NoticeEvent[] }
export interface NewNotice {
  org_id: number
  measure: number | null
  reason: NoticeReason
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
