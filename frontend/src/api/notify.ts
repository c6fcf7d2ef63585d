// Notifications: the caller's inbox, their own channel settings, an org's group robots and the
// delivery log (GET/POST /inbox…, /me/notifications, /orgs/{id}/notifications, /notifications/deliveries).
import { api } from './client'
import type { Page } from './types'

/** One inbox item; `body` is Markdown (bold with **). */
export interface InboxItem {
  id: number
  rule: string
  title: string
  body: string
  link: string
  read: boolean
  read_at: string | null
  created_at: string
}
export interface InboxPage extends Page<InboxItem> { unread: number }

export const fetchInbox = (page = 1, pageSize = 20, unreadOnly = false) =>
  api.get<InboxPage>('/inbox', { page, page_size: pageSize, unread: unreadOnly ? '1' : undefined })
export const fetchUnread = () => api.get<{ unread: number }>('/inbox/unread')
export const markRead = (id: number) => api.post<{ unread: number }>(`/inbox/${id}/read`)
export const markAllRead = () => api.post<{ marked: number; unread: number }>('/inbox/read-all')

export type Lang = 'zh-CN' | 'en'

/** The caller's own channel choices. */
export interface MySettings { email: string; email_on: boolean; inbox_on: boolean; lang: Lang }
export const fetchMySettings = () => api.get<MySettings>('/me/notifications')
export const saveMySettings = (s: MySettings) => api.put<MySettings>('/me/notifications', s)

/** An org's robots as the server shows them: masked URLs and whether each is set. */
export interface OrgSettings {
  org_id: number
  wecom_url: string
  wecom_set: boolean
  dingtalk_url: string
  dingtalk_set: boolean
  dingtalk_secret_set: boolean
  lang: Lang
  updated_at: string | null
}
/** A change: an absent field is kept, '' clears it. */
export interface OrgPatch { wecom_url?: string; dingtalk_url?: string; dingtalk_secret?: string; lang?: Lang }
export const fetchOrgSettings = (orgId: number) => api.get<OrgSettings>(`/orgs/${orgId}/notifications`)
export const saveOrgSettings = (orgId: number, p: OrgPatch) => api.put<OrgSettings>(`/orgs/${orgId}/notifications`, p)

/** The patch for what the form changed: blank inputs keep what is stored unless clearing was asked. */
export function orgPatch(form: { wecom_url: string; dingtalk_url: string; dingtalk_secret: string; lang: Lang }, clear: { wecom: boolean; dingtalk: boolean }): OrgPatch {
  const p: OrgPatch = { lang: form.lang }
  const w = form.wecom_url.trim()
  const d = form.dingtalk_url.trim()
  const s = form.dingtalk_secret.trim()
  if (clear.wecom) p.wecom_url = ''
  else if (w) p.wecom_url = w
  if (clear.dingtalk) {
    p.dingtalk_url = ''
    p.dingtalk_secret = ''
  } else {
    if (d) p.dingtalk_url = d
    if (s) p.dingtalk_secret = s
  }
  return p
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed'
export type Channel = 'wecom' | 'dingtalk' | 'email'
/** One outbound message in the delivery log. */
export interface Delivery {
  id: number
  rule: string
  channel: Channel
  recipient: string
  occasion: string
  org_id: number
  subject: string
  status: DeliveryStatus
  attempts: number
  last_error: string
  next_at: string
  sent_at: string | null
  created_at: string
}
export interface DeliveryQuery { page: number; page_size: number; status?: DeliveryStatus | ''; channel?: Channel | '' }
export const fetchDeliveries = (q: DeliveryQuery) => api.get<Page<Delivery>>('/notifications/deliveries', { ...q })

/** An inbox body as plain text: the Markdown marks the robots render are dropped. */
export function plainText(md: string): string {
  return md.replace(/\*\*(.+?)\*\*/g, '$1').replace(/^#+\s*/gm, '')
}
