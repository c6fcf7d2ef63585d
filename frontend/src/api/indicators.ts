// Endpoint functions for the plan's indicators (GET /indicators, /indicators/{code}, /indicators/{code}/trend).
import { api } from './client'
import type { IndicatorDetail, Indicators, IndicatorTrend } from './types'

export type Basis = 'approved' | 'all'
export type GroupBy = 'org_type' | 'town' | 'org'

/** Every indicator for a period over the caller's rollup scope. */
export function fetchIndicators(period: string, basis: Basis, signal?: AbortSignal) {
  return api.get<Indicators>('/indicators', { period, basis }, signal)
}

/** One indicator, broken down by org type, town or org, with its failing and missing orgs. */
export function fetchIndicator(code: string, period: string, basis: Basis, groupBy?: GroupBy, signal?: AbortSignal) {
  return api.get<IndicatorDetail>(`/indicators/${encodeURIComponent(code)}`, { period, basis, group_by: groupBy }, signal)
}

/** An indicator's value in every period with data. */
export function fetchTrend(code: string, basis: Basis, signal?: AbortSignal) {
  return api.get<IndicatorTrend>(`/indicators/${encodeURIComponent(code)}/trend`, { basis }, signal)
}
