// What an indicator's card says first, so a leader is never misled: too few reports is "数据不足"
// with reported/expected (never a verdict), a target set for every school that one school misses
// reads "全区 1.66%，1 所学校未达标", a rising target without a previous period says so.
import type { Indicator } from '../api/types'
import { fmtTarget, fmtValue } from './indicators'

type Tr = (key: string, named?: Record<string, unknown>, plural?: number) => string

export type Tone = 'met' | 'not_met' | 'insufficient' | 'unjudged'

export interface Headline {
  tone: Tone
  /** The i18n key of the sentence and its named values. */
  key: string
  params: Record<string, string | number>
  /** A plural count for the sentence (English "1 school" / "2 schools"). */
  count?: number
  /** The value is not a district figure yet: shown, but as provisional. */
  provisional: boolean
  /** Orgs failing their own check (a link to the list when > 0). */
  failing: number
}

/** Org types whose members are not schools: the sentence says "units". */
const UNIT_SETS = new Set(['bureau', 'departments', 'units'])

/** 'school' or 'unit': the noun for the orgs an indicator counts. */
export function orgNoun(it: Pick<Indicator, 'applies_to'>): 'school' | 'unit' {
  return it.applies_to && UNIT_SETS.has(it.applies_to) ? 'unit' : 'school'
}

/** Whether enough of the expected orgs have reported for the indicator to be judged. */
export function enoughReported(it: Pick<Indicator, 'reported' | 'expected' | 'min_completeness'>): boolean {
  const min = Number(it.min_completeness ?? 0)
  if (!(min > 0)) return true
  if (!it.expected || it.expected <= 0) return false
  return it.reported >= min * it.expected
}

export function toneOf(status: Indicator['status'] | null | undefined): Tone | null {
  if (status === 'met') return 'met'
  if (status === 'not_met') return 'not_met'
  if (status === 'insufficient_data') return 'insufficient'
  return null
}

/** The card's headline for an indicator, as an i18n key and values (see headlineText). */
export function headline(it: Indicator, lang: string, tr: Tr): Headline {
  const fmt = (v: string | null) => fmtValue(v, it.unit, lang)
  const noun = orgNoun(it)
  const failing = it.per_org?.failing ?? 0
  const base = { value: fmt(it.value), reported: it.reported, expected: it.expected }
  if (it.status === 'insufficient_data') {
    const h = (key: string, params: Record<string, string | number> = {}): Headline =>
      ({ tone: 'insufficient', key: 'ind.head.' + key, params: { ...base, ...params }, provisional: it.value !== null, failing })
    if (!it.expected) return h('noneExpected')
    if (!it.reported || it.value === null) return h('noneReported')
    if (it.target?.op === 'rising' && (it.previous === null || it.previous === undefined) && enoughReported(it)) return h('noPrevious')
    return h('insufficient')
  }
  if (it.status === null || it.status === undefined) {
    // Not judged on its own (an own view's share of a district count): the value, no verdict.
    return { tone: 'unjudged', key: it.judged === 'district' ? 'ind.head.contribution' : 'ind.head.value', params: base, provisional: false, failing }
  }
  if (it.status === 'met') {
    if (it.every_org && it.per_org) {
      return { tone: 'met', key: `ind.head.metEvery.${noun}`, params: { ...base, n: it.per_org.passing }, count: it.per_org.passing, provisional: false, failing: 0 }
    }
    if (it.judged === 'district') return { tone: 'met', key: 'ind.head.metDistrict', params: base, provisional: false, failing: 0 }
    return { tone: 'met', key: 'ind.head.met', params: base, provisional: false, failing: 0 }
  }
  // not_met
  if (it.every_org && failing > 0) {
    return { tone: 'not_met', key: `ind.head.failing.${noun}`, params: { ...base, n: failing }, count: failing, provisional: false, failing }
  }
  if (it.target?.op === 'rising') {
    return { tone: 'not_met', key: 'ind.head.notRising', params: { ...base, prev: fmt(it.previous) }, provisional: false, failing }
  }
  if (it.target?.op === 'between') {
    return { tone: 'not_met', key: 'ind.head.outOfRange', params: { ...base, range: fmtTarget(it.target, it.unit, lang, tr) }, provisional: false, failing }
  }
  if (it.gap !== null && it.gap !== undefined && Number(it.gap) > 0) {
    return { tone: 'not_met', key: it.judged === 'district' ? 'ind.head.shortDistrict' : 'ind.head.short', params: { ...base, gap: fmt(it.gap) }, provisional: false, failing }
  }
  return { tone: 'not_met', key: 'ind.head.notMet', params: base, provisional: false, failing }
}

/** The headline as a sentence in the current language. */
export function headlineText(it: Indicator, lang: string, tr: Tr): string {
  const h = headline(it, lang, tr)
  return h.count !== undefined ? tr(h.key, h.params, h.count) : tr(h.key, h.params)
}

/** The status word for a tag: 已达标 / 未达标 / 数据不足. */
export function statusKey(status: Indicator['status'] | null | undefined): string {
  if (status === 'met') return 'ind.status.met'
  if (status === 'not_met') return 'ind.status.not_met'
  if (status === 'insufficient_data') return 'ind.status.insufficient_data'
  return 'ind.status.unjudged'
}

/**
 * A school's own standing on one indicator (the own view): pass or fail its own check, not
 * reported yet, reported but too little to judge, or not judged per school (a district count,
 * a target with no per-school check).
 */
export type OwnCheck = 'pass' | 'fail' | 'missing' | 'pending' | 'unjudged'

export function ownCheck(it: Pick<Indicator, 'status' | 'reported' | 'value'>): OwnCheck {
  if (it.status === 'met') return 'pass'
  if (it.status === 'not_met') return 'fail'
  if (!it.reported && (it.value === null || it.value === undefined)) return 'missing'
  if (it.status === 'insufficient_data') return 'pending'
  return 'unjudged'
}

export interface OwnHeadline { check: OwnCheck; key: string; params: Record<string, string | number> }

/** The own card's headline: "本校达标：1.8%", "本校未达标：1.2%，目标 ≥ 1.5%", "本校尚未上报", … */
export function ownHeadline(it: Indicator, lang: string, tr: Tr): OwnHeadline {
  const check = ownCheck(it)
  const params = { own: fmtValue(it.value, it.unit, lang), target: fmtTarget(it.target, it.unit, lang, tr, it.previous), reported: it.reported, expected: it.expected }
  if (check === 'unjudged') return { check, key: it.judged === 'district' ? 'mine.head.contributes' : 'mine.head.noCheck', params }
  return { check, key: 'mine.head.' + check, params }
}

/** The own headline as a sentence. */
export function ownHeadlineText(it: Indicator, lang: string, tr: Tr): string {
  const h = ownHeadline(it, lang, tr)
  return tr(h.key, h.params)
}
