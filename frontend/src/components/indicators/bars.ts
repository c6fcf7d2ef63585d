// The leader's drill-down bars (issue 13): a breakdown's groups as horizontal bars, failing
// first and worst value first, each coloured by its verdict, with the value in the indicator's
// unit. Pure functions, so the order, colours and text are tested without a canvas.
import type { GroupSort, IndicatorGroup, IndicatorUnit, Target, TargetStatus } from '../../api/types'
import { fmtValue } from '../../stores/indicators'

/** Verdict colours (the status tags' colours); NEUTRAL for a slice not judged on its own. */
export const TONE: Record<TargetStatus, string> = { met: '#1d7a3a', not_met: '#c8102e', insufficient_data: '#d4a24c' }
export const NEUTRAL = '#1560bd'

/** One bar and one row of the list beside it. */
export interface BarRow {
  key: string
  label: string
  value: number | null
  /** The value in the indicator's unit ("1.38%"), "—" without one. */
  text: string
  status: TargetStatus | null
  color: string
}

/** Failing first: not met, then too few reports to judge, then not judged, then met. */
const RANK: Record<string, number> = { not_met: 0, insufficient_data: 1, none: 2, met: 3 }

const num = (v: string | null | undefined) => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v))

/**
 * How bad a value is against the target, larger is worse: below a ≥ (or rising) target, above
 * a ≤ target, away from an = target or outside a range. Without a target (a district count's
 * contributions) the largest value comes first.
 */
export function badness(v: number, target: Target | null | undefined): number {
  if (!target) return v
  const a = Number(target.value)
  switch (target.op) {
    case '<=':
      return v
    case '=':
      return Math.abs(v - a)
    case 'between': {
      const b = target.value2 === null ? a : Number(target.value2)
      return v < a ? a - v : v > b ? v - b : -Math.min(v - a, b - v)
    }
    default: // '>=', 'rising'
      return -v
  }
}

/**
 * The groups as bars: failing first (by status; a district count's groups carry none), then worst
 * value first, groups without a value last, ties by label. judged=false (a district count) drops
 * the verdict colours.
 */
export function barRows(groups: IndicatorGroup[], opts: { unit: IndicatorUnit; target?: Target | null; lang: string; judged?: boolean; label?: (g: IndicatorGroup) => string }): BarRow[] {
  const judged = opts.judged ?? true
  const rows = groups.map((g) => {
    const value = num(g.value)
    const status = judged ? g.status : null
    return {
      key: g.key, label: opts.label ? opts.label(g) : g.label || g.key, value, text: fmtValue(g.value, opts.unit, opts.lang), status,
      color: status ? TONE[status] ?? NEUTRAL : NEUTRAL,
    }
  })
  return rows.sort((x, y) => {
    const r = RANK[x.status ?? 'none'] - RANK[y.status ?? 'none']
    if (r) return r
    if (x.value === null || y.value === null) {
      if (x.value !== y.value) return x.value === null ? 1 : -1
    } else {
      const d = badness(y.value, opts.target) - badness(x.value, opts.target)
      if (d) return d
    }
    return x.label.localeCompare(y.label, 'zh-CN')
  })
}

/** Each bar's row height in CSS px: a finger's width, so a bar can be tapped. */
export const ROW_HEIGHT = 44
/** The axis and margins around the rows. */
const CHART_PAD = 40

/** The chart grows with the rows, never squeezing a bar. */
export function chartHeight(rows: number, rowHeight = ROW_HEIGHT): number {
  return Math.max(1, rows) * rowHeight + CHART_PAD
}

/**
 * The name column's width for a chart `width` px wide: the longest name in full where it fits
 * (12 px per CJK character, about 7 per Latin one), at most 45% of the width, so the bars keep
 * room; longer names end in an ellipsis.
 */
export function labelWidth(labels: string[], width: number): number {
  const need = Math.max(0, ...labels.map((s) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 12 : 7), 0)))
  return Math.max(48, Math.min(need + 4, Math.floor(width * 0.45)))
}

/** The axis's end: room past the longest bar and the target line for the value label. */
export function axisMax(values: (number | null)[], target: number | null | undefined): number | undefined {
  const top = Math.max(0, ...values.map((v) => v ?? 0), target ?? 0)
  return top > 0 ? top * 1.25 : undefined
}

/**
 * How a town's schools are listed: failing first where each school is judged (a per-school
 * check), else worst value first for the target's direction.
 */
export function drillSort(perOrg: boolean, target: Target | null | undefined): GroupSort {
  if (perOrg) return 'failing'
  if (!target) return '-value' // a district count: the largest contribution first
  return target.op === '<=' ? '-value' : 'value'
}
