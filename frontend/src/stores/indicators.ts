// Formatting and progress for the leader's targets.
import type { Indicator, Target } from '../api/types'

export function fmtValue(v: string | null | undefined, unit: Indicator['unit'], lang: string): string {
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
    default:
      return n.toLocaleString(loc, { maximumFractionDigits: 4 })
  }
}

export function fmtTarget(t: Target | null, unit: Indicator['unit'], lang: string, opText: (op: string) => string): string {
  if (!t) return '—'
  if (t.op === 'between') return `${fmtValue(t.value, unit, lang)} – ${fmtValue(t.value2, unit, lang)}`
  return `${opText(t.op)} ${fmtValue(t.value, unit, lang)}`
}

/** How far the value is toward its target, 0..100. */
export function progress(it: Pick<Indicator, 'value' | 'target' | 'status'>): number {
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
  }
  if (!Number.isFinite(p)) return 0
  return Math.max(0, Math.min(100, Math.round(p * 100)))
}
