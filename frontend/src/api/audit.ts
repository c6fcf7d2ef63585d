// GET /audit: the audit trail of the caller's scope (a sysadmin's whole tree, a reviewer's subtree).
import { api } from './client'
import type { AuditEntry, Page } from './types'

/** The filters as the audit page's form holds them: 0 and '' mean "any"; dates are local calendar days (YYYY-MM-DD). */
export interface AuditFilter { actor_id: number; org_id: number; action: string; from: string; to: string }

export const emptyAuditFilter = (): AuditFilter => ({ actor_id: 0, org_id: 0, action: '', from: '', to: '' })

/** The query parameters of GET /audit, as openapi.yaml names them. */
export interface AuditQuery { page: number; page_size: number; actor_id?: number; org_id?: number; action?: string; from?: string; to?: string }

/** The start of a local calendar day (YYYY-MM-DD) plus `days`, as an RFC 3339 instant. */
function dayStart(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d + days).toISOString()
}

/**
 * The query for one page of the filtered trail. The time range is whole local days, from the
 * start of the first to the end of the last (`to` is exclusive on the server, so it is the start
 * of the day after); a blank filter is left out.
 */
export function auditQuery(f: AuditFilter, page: number, pageSize: number): AuditQuery {
  const q: AuditQuery = { page, page_size: pageSize }
  if (f.actor_id) q.actor_id = f.actor_id
  if (f.org_id) q.org_id = f.org_id
  const action = f.action.trim()
  if (action) q.action = action
  if (f.from) q.from = dayStart(f.from)
  if (f.to) q.to = dayStart(f.to, 1)
  return q
}

export const listAudit = (q: AuditQuery) => api.get<Page<AuditEntry>>('/audit', { ...q })
