// Formatting and progress for the plan's targets, and the leader's board of indicators (a Pinia store).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { fetchIndicators, type Basis } from '../api/indicators'
import type { Indicator, IndicatorUnit, Target } from '../api/types'
import { useAsync } from '../composables/useAsync'

type Tr = (key: string, named?: Record<string, unknown>) => string

export function fmtValue(v: string | null | undefined, unit: IndicatorUnit, lang: string): string {
  if (v === null || v === undefined || v === '') return '—'
  const n = Number(v)
  if (!Number.isFinite(n)) return v
  const loc = lang === 'en' ? 'en-GB' : 'zh-CN'
  switch (unit) {
    case 'percent':
      return (n * 100).toLocaleString(loc, { maximumFractionDigits: 2 }) + '%'
    case 'yuan':
      return '¥' + n.toLocaleString(loc, { minimumFractionDigits: 0, maximumFractionDigits: 2 })
    case 'count':
      return n.toLocaleString(loc, { maximumFractionDigits: 2 })
    case 'area':
      return n.toLocaleString(loc, { maximumFractionDigits: 2 }) + ' m²'
    default:
      return n.toLocaleString(loc, { maximumFractionDigits: 4 })
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
  const summary = useAsync((p: string, b: Basis) => fetchIndicators(p, b), { loading: true })

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
