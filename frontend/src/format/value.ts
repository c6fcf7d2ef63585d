// How a stored answer reads to a person: yes/no for booleans, the option's label for a choice,
// amounts with thousands separators and two places, counts as integers, a row count for repeat
// groups and file names for attachments; ratios shown as percentages (display: percent) read
// "1.38%", and a field's plan target reads "target ≥ 1.5%". Used where values are compared (the edit-conflict
// chooser), so both sides read alike.
import type { Field } from '../api/types'
import { pick } from '../i18n'
import { groupedNumber } from './number'

/** Words the formatter needs from the caller's i18n. */
export interface ValueWords {
  yes: string
  no: string
  empty: string
  rows: (n: number) => string
}

export function formatValue(field: Field | undefined, v: unknown, words: ValueWords, locale: string): string {
  if (v === null || v === undefined || v === '') return words.empty
  if (typeof v === 'boolean') return v ? words.yes : words.no
  const type = field?.type ?? ''
  if ((type === 'single_choice' || type === 'multi_choice') && field?.options) {
    const label = (x: unknown) => {
      const o = field.options?.find((op) => op.value === x)
      return o ? pick(o.label, o.label_en) : String(x)
    }
    return Array.isArray(v) ? v.map(label).join(locale === 'en' ? ', ' : '、') : label(v)
  }
  if (type === 'repeat' && Array.isArray(v)) return words.rows(v.length)
  if (type === 'attachment' && Array.isArray(v)) {
    return v.map((a) => (a && typeof a === 'object' && 'name' in a ? String((a as { name: unknown }).name) : '?')).join(locale === 'en' ? ', ' : '、')
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN
  if (!Number.isNaN(n) && field && (field.display === 'percent' || type === 'percent')) return percentText(field, v as string | number)
  if (!Number.isNaN(n) && (type === 'money' || type === 'decimal' || type === 'integer')) {
    const digits = type === 'money' ? 2 : type === 'integer' ? 0 : undefined
    const text = digits === undefined ? groupedNumber(n, 4) : groupedNumber(n, digits, digits)
    const unit = pick(field?.unit, field?.unit_en)
    return unit ? `${text} ${unit}` : text
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/**
 * A ratio or percent field's value as a percentage: a display: percent decimal is a ratio (0.0138 →
 * "1.38%", two places fewer than its scale), a percent field is stored in percent units ("12.50" →
 * "12.50%"). Exact: the digits are moved, not multiplied in floating point.
 */
export function percentText(field: Pick<Field, 'type' | 'scale' | 'display'>, v: string | number): string {
  const s = String(v)
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s
  if (field.type === 'percent') return s + '%'
  const places = Math.max(0, (field.scale ?? 2) - 2)
  return shiftPoint(s, 2, places) + '%'
}

/** s × 10^by as decimal text rounded half away from zero to places (no floating point). */
export function shiftPoint(s: string, by: number, places: number): string {
  const neg = s.startsWith('-')
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.')
  const digits = int + frac.padEnd(by + places + 1, '0')
  const point = int.length + by
  // digits to keep: everything up to point + places; the next one rounds.
  const keep = digits.slice(0, point + places)
  const next = Number(digits[point + places] ?? '0')
  let n = BigInt(keep || '0')
  if (next >= 5) n += 1n
  let t = n.toString().padStart(places + 1, '0')
  if (places > 0) t = t.slice(0, -places) + '.' + t.slice(-places)
  const zero = /^0(\.0*)?$/.test(t)
  return (neg && !zero ? '-' : '') + t
}

/** The comparison of a target in words: ≥, >, ≤, <. */
const opSign: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' }

/** A field's target as people read it ("≥ 1.5%", "≥ 90 people"), or '' when it has none. */
export function targetValueText(field: Field): string {
  const tg = field.target
  if (!tg) return ''
  const value =
    field.display === 'percent' || field.type === 'percent'
      ? percentText(field, tg.value).replace(/(\.\d*?)0+%$/, '$1%').replace(/\.%$/, '%')
      : [tg.value, pick(field.unit, field.unit_en)].filter(Boolean).join(' ')
  return `${opSign[tg.op] ?? tg.op} ${value}`
}
