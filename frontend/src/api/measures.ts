// The plan's measures, the progress reported on them and the leader's board
// (GET /measures, /measures/{n}, /measures/{n}/reports, /measures/board; POST /measures/report).
import { api } from './client'
import type { MeasureStatus } from './vocab'
import type { Notice } from './supervision'

export interface MeasureUnit { org_id: number; code: string; name: string; lead: boolean }
export interface Milestone { key: string; title: string; due: string; done_on?: string }
export interface Measure {
  number: number
  version: number
  part: string
  title: string
  title_en: string
  text: string
  lead_units: string[]
  units: MeasureUnit[]
  indicators: string[]
  milestones: Milestone[]
  note: string
  /** The caller's org's part in the measure. */
  role: 'lead' | 'co' | 'none'
  updated_at: string
}
export interface ReportRow {
  org_code: string
  org_name: string
  lead: boolean
  report_status: string
  status: MeasureStatus
  percent: number
  done: string
  problems: string
  next_steps: string
  reported_at: string | null
}
export interface BoardMeasure {
  number: number
  title: string
  title_en: string
  lead: MeasureUnit
  /** The lead unit's status; '' when it has not reported. */
  status: MeasureStatus | ''
  percent: number
  reported: number
  units: number
  overdue_milestones: number
  late_days: number
  open_notices: number
}
export interface BoardUnit { org_id: number; code: string; name: string; overdue_milestones: number; overdue_notices: number; open_notices: number; overdue: number }
export interface Board { period: string; by_status: Record<string, number>; measures: BoardMeasure[]; units: BoardUnit[]; open_notices: Notice[] }

export const fetchMeasures = (mine = false) => api.get<{ items: Measure[]; total: number }>('/measures', { mine: mine ? '1' : undefined })
export const fetchMeasure = (n: number) => api.get<Measure>(`/measures/${n}`)
export const fetchReports = (n: number, period?: string) => api.get<{ period: string; items: ReportRow[] }>(`/measures/${n}/reports`, { period })
export const fetchBoard = (period?: string) => api.get<Board>('/measures/board', { period })
/** Opens (or returns) the caller's org's progress report: a measure-progress submission to fill. */
export const openReport = (period?: string) =>
  api.post<{ submission_id: number; period: string; status: string; version: number }>('/measures/report', { period: period ?? '' })
