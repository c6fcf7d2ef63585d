// Carry-forward endpoints: a new period's draft prefilled from the org's last approved submission.
import { api } from './client'
import type { Submission } from './types'

/** Keeps one carried section of a draft as it is ("上期数据，请确认"): one call per section. */
export function confirmCarried(id: number, section: string) {
  return api.post<Submission>(`/submissions/${id}/carry/${encodeURIComponent(section)}/confirm`)
}
