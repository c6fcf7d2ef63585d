// Formatting and progress for the plan's targets, and the leader's board of indicators (a Pinia store).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { takeIndicators, type Basis } from '../api/indicators'
import type { Indicator, IndicatorUnit, Target } from '../api/types'
import { useAsync } from '../composables/useAsync'
import { groupedNumber } from '../format/number'

type Tr = (key: string, named?: Record<string, unknown>) => string

/** A value in its unit. The language is the caller's (zh-CN and en-GB write numbers alike, format/number.ts). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- every caller passes the language; a format that differs by it would use it
export function fmtValue(v: string | null | undefined, unit: IndicatorUnit, lang: string): string {
  if (v === null || v === undefined || v === '') return '—'
  const n = Number(v)
  if (!Number.isFinite(n)) return v
  switch (unit) {
    case 'percent':
      return groupedNumber(n * 100, 2) + '%'
    case 'yuan':
      return '¥' + groupedNumber(n, 2)
    case 'count':
      return groupedNumber(n, 2)
    case 'area':
      return groupedNumber(n, 2) + ' m²'
    default:
      return groupedNumber(n, 4)
  }
}

/**
 * The target in words: "≥ 1.5%", "8 – 10" for a range to aim into, "above last period (12)" for a
 * rising target (with the previous value when there is one).
 */
export function fmtTarget(t: Target | null, unit: IndicatorUnit, lang: string, tr: Tr, previous?: string | null): string {
  if (!t) return '—'
  if (t.op === 'between') return tr('ind.range', { a: fmtValue(t.value, unit, lang), b: fmtValue(t.value2, unit, lang) })
  if (t.op === 'rising') return previous !== null && previous !== undefined ? tr('ind.risingFrom', { prev: fmtValue(previous, unit, lang) }) : tr('ind.op.rising')
  return `${tr('ind.op.' + t.op)} ${fmtValue(t.value, unit, lang)}`
}

/** How far the value is toward its target, 0..100. */
export function progress(it: Pick<Indicator, 'value' | 'target' | 'status'> & { previous?: string | null }): number {
  if (it.value === null || !it.target) return 0
  if (it.status === 'met') return 100
  const v = Number(it.value)
  const a = Number(it.target.value)
  const b = it.target.value2 !== null ? Number(it.target.value2) : NaN
  let p = 0
  switch (it.target.op) {
    case '>=':
    case '=':
      p = a > 0 ? v / a : v >= a ? 1 : 0
      break
    case '<=':
      p = v <= a ? 1 : v > 0 ? a / v : 0
      break
    case 'between':
      p = v < a ? (a > 0 ? v / a : 0) : Number.isFinite(b) && v > b && v > 0 ? b / v : 1
      break
    case 'rising': {
      const prev = it.previous === null || it.previous === undefined ? NaN : Number(it.previous)
      p = Number.isFinite(prev) && prev > 0 ? Math.min(v / prev, 0.99) : 0
      break
    }
  }
  if (!Number.isFinite(p)) return 0
  return Math.max(0, Math.min(100, Math.round(p * 100)))
}

/** reported / expected as a whole percentage, 0..100. */
export function completenessPct(it: Pick<Indicator, 'reported' | 'expected'>): number {
  if (!it.expected || it.expected <= 0) return 0
  return Math.max(0, Math.min(100, Math.round((it.reported / it.expected) * 100)))
}

export type StatusFilter = 'all' | 'not_met' | 'insufficient_data'

/** The leader's board: every indicator for a period and basis, with a status filter. */
export const useIndicatorBoard = defineStore('indicatorBoard', () => {
  const period = ref('')
  const basis = ref<Basis>('approved')
  const filter = ref<StatusFilter>('all')
  const summary = useAsync((p: string, b: Basis) => takeIndicators(p, b), { loading: true })

  const items = computed<Indicator[]>(() => (Array.isArray(summary.data.value?.items) ? summary.data.value!.items : []))
  const counts = computed(() => {
    const c = { met: 0, not_met: 0, insufficient_data: 0 }
    for (const it of items.value) if (it.status && it.status in c) c[it.status]++
    return c
  })
  const shown = computed(() => (filter.value === 'all' ? items.value : items.value.filter((i) => i.status === filter.value)))
  const asOf = computed(() => summary.data.value?.as_of ?? null)

  function load() {
    return summary.run(period.value, basis.value)
  }

  return { period, basis, filter, items, counts, shown, asOf, loading: summary.loading, error: summary.error, errorText: summary.errorText, load }
})

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const ROMAN: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']]

/** A Chinese numeral up to 99 (一, 十二, 二十三) as a number; NaN when it is not one. */
export function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s)
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s)
  if (!m || !s) return NaN
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]] : NaN
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0)
}

function roman(n: number): string {
  let out = ''
  for (const [v, r] of ROMAN) while (n >= v) { out += r; n -= v }
  return out
}

/**
 * The plan's section as the reader's language writes it: 二(16) stays as it is in Chinese and
 * reads "II(16)" in English, 一(三) "I(3)", 二(7)(8) "II(7)(8)" (a part in Roman numerals, its
 * items in Arabic ones, as an English translation of the plan numbers them).
 */
export function sectionLabel(section: string | null | undefined, lang: string): string {
  const s = (section ?? '').trim()
  if (lang !== 'en' || !s) return s
  const m = /^([一二三四五六七八九十]+)[、.]?((?:[(（][^)）]+[)）])*)$/.exec(s)
  if (!m) return s.replace(/（/g, '(').replace(/）/g, ')')
  const part = cnNumber(m[1])
  const items = [...m[2].matchAll(/[(（]([^)）]+)[)）]/g)].map((x) => {
    const n = cnNumber(x[1])
    return `(${Number.isFinite(n) ? n : x[1]})`
  })
  return (Number.isFinite(part) ? roman(part) : m[1]) + items.join('')
}

/** The plan quote and the denominator rule in the reader's language (Chinese where there is no English). */
export function aboutTexts(it: Pick<Indicator, 'plan' | 'plan_en' | 'denominator_rule' | 'denominator_rule_en'>, lang: string): { plan: string; rule: string } {
  const pickEn = (zh: string | undefined, en: string | undefined) => (lang === 'en' && en ? en : zh ?? '')
  return { plan: pickEn(it.plan, it.plan_en), rule: pickEn(it.denominator_rule, it.denominator_rule_en) }
}
