// Endpoint functions for the plan's indicators (GET /indicators, /indicators/{code}, /indicators/{code}/trend).
import { lastYear, prefetchCampaigns } from './campaigns'
import { api } from './client'
import { askEarly, takeEarlyOr } from './early'
import type { components } from './schema'
import type { DetailList, GroupSort, IndicatorDetail, Indicators, IndicatorTrend } from './types'

/** approved (official), all (provisional: everything handed in), or passed_<level>: what that review level has passed. */
export type Basis = components['schemas']['Basis']
/** The bases the app offers: official, provisional, and what the towns (学区) have passed. */
export const BASES: readonly Basis[] = ['approved', 'all', 'passed_town']
/** The basis a query names, or official when it names none the app offers. */
export function basisOf(q: unknown): Basis {
  return BASES.find((b) => b === q) ?? 'approved'
}
/** The i18n key of a basis's label (leader.official, leader.provisional, leader.passedTown). */
export function basisLabelKey(b: Basis): string {
  return b === 'all' ? 'leader.provisional' : b === 'passed_town' ? 'leader.passedTown' : 'leader.official'
}
export type GroupBy = 'org_type' | 'town' | 'org'

/** Every indicator for a period over the caller's rollup scope. */
export function fetchIndicators(period: string, basis: Basis, signal?: AbortSignal) {
  return api.get<Indicators>('/indicators', { period, basis }, signal)
}

/**
 * The board's figures (and the campaign list it reads its periods from), asked for as the router
 * sets out for /leader on a cold start, alongside the board's download (router.ts): the period and
 * basis the address names, else last year's official figures, which the board shows until the
 * campaign list names a newer year. The board takes them once (takeIndicators).
 */
export function prefetchBoard(q: { period?: unknown; basis?: unknown }) {
  const period = typeof q.period === 'string' && q.period ? q.period : lastYear()
  const basis = basisOf(q.basis)
  askEarly(boardKey(period, basis), () => fetchIndicators(period, basis))
  prefetchCampaigns()
}

/** The figures prefetchBoard asked for (period, basis) in the last few seconds, taken once; else (none, or it failed) fetched now. */
export function takeIndicators(period: string, basis: Basis) {
  return takeEarlyOr(boardKey(period, basis), () => fetchIndicators(period, basis))
}

const boardKey = (period: string, basis: Basis) => `indicators:${period}:${basis}`

/** The server's largest page of a detail's lists (larger page sizes are capped to it). */
export const MAX_PAGE_SIZE = 500

/**
 * Which page of a detail's lists: `page` of `list` (groups by default), `pageSize` long at most (default 50);
 * `orgId` narrows everything to that org's subtree (a town's schools).
 */
export interface DetailPage { list?: DetailList; page?: number; pageSize?: number; sort?: GroupSort; orgId?: number }

/** One indicator, broken down by org type, town or org, with a page of its failing and missing orgs. */
export function fetchIndicator(code: string, period: string, basis: Basis, groupBy?: GroupBy, signal?: AbortSignal, pg: DetailPage = {}) {
  return api.get<IndicatorDetail>(`/indicators/${encodeURIComponent(code)}`,
    { period, basis, group_by: groupBy, list: pg.list, page: pg.page, page_size: pg.pageSize, sort: pg.sort, org_id: pg.orgId }, signal)
}

/** An indicator's value in every period with data. */
export function fetchTrend(code: string, basis: Basis, signal?: AbortSignal) {
  return api.get<IndicatorTrend>(`/indicators/${encodeURIComponent(code)}/trend`, { basis }, signal)
}
