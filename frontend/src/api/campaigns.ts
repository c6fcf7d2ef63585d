// Endpoint functions for campaigns and their completeness.
import { api } from './client'
import type { Campaign, Completeness, FormSummary, Page } from './types'

export function fetchCampaigns(pageSize = 100) {
  return api.get<Page<Campaign>>('/campaigns', { page_size: pageSize })
}

export function fetchCompleteness(id: number) {
  return api.get<Completeness>(`/campaigns/${id}/completeness`)
}

/** The current version of every form (its Chinese and English titles name the campaigns in English). */
export function fetchForms() {
  return api.get<{ items: FormSummary[]; total: number }>('/forms')
}
