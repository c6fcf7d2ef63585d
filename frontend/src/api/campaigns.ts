// Endpoint functions for campaigns and their completeness.
import { api } from './client'
import { askEarly, takeEarlyOr } from './early'
import type { Campaign, Completeness, FormSummary, Page } from './types'

export function fetchCampaigns(pageSize = 100) {
  return api.get<Page<Campaign>>('/campaigns', { page_size: pageSize })
}

/** The page of campaigns the leader's board lists. */
const BOARD_CAMPAIGNS = 100

/** The board's campaign list, asked for early (prefetchBoard in ./indicators). */
export function prefetchCampaigns() {
  askEarly('campaigns', () => fetchCampaigns(BOARD_CAMPAIGNS))
}

/** The campaign list prefetchCampaigns asked for in the last few seconds, taken once; else (none, or it failed) fetched now. */
export function takeCampaigns() {
  return takeEarlyOr('campaigns', () => fetchCampaigns(BOARD_CAMPAIGNS))
}

/** The year the board shows until the campaign list names one: last calendar year. */
export function lastYear(): string {
  return String(new Date().getFullYear() - 1)
}

export function fetchCompleteness(id: number) {
  return api.get<Completeness>(`/campaigns/${id}/completeness`)
}

/** The current version of every form (its Chinese and English titles name the campaigns in English). */
export function fetchForms() {
  return api.get<{ items: FormSummary[]; total: number }>('/forms')
}
