// Endpoint functions for campaigns and their completeness.
import { api } from './client'
import type { Campaign, Completeness, Page } from './types'

export function fetchCampaigns(pageSize = 100) {
  return api.get<Page<Campaign>>('/campaigns', { page_size: pageSize })
}

export function fetchCompleteness(id: number) {
  return api.get<Completeness>(`/campaigns/${id}/completeness`)
}
