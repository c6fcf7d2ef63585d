// How a stored answer reads to a person: yes/no for booleans, the option's label for a choice,
// amounts with thousands separators and two places, counts as integers, a row count for repeat
// groups and file names for attachments. Used where values are compared (the edit-conflict
// chooser), so both sides read alike.
import type { Field } from '../api/types'
import { pick } from '../i18n'

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
  const loc = locale === 'en' ? 'en-US' : 'zh-CN'
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
  if (!Number.isNaN(n) && (type === 'money' || type === 'decimal' || type === 'integer')) {
    const digits = type === 'money' ? 2 : type === 'integer' ? 0 : undefined
    const text = n.toLocaleString(loc, digits === undefined ? { maximumFractionDigits: 4 } : { minimumFractionDigits: digits, maximumFractionDigits: digits })
    return field?.unit ? `${text} ${field.unit}` : text
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}
