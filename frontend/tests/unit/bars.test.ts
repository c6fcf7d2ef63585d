import { describe, expect, it } from 'vitest'
import type { IndicatorGroup, Target, TargetStatus } from '../../src/api/types'
import { axisMax, barRows, chartHeight, drillSort, labelWidth, NEUTRAL, ROW_HEIGHT, TONE } from '../../src/components/indicators/bars'

// The leader's drill-down bars (issue 13): failing first, worst value first, verdict colours,
// values in the indicator's unit, rows tall enough to tap and names that fit at 320 px.

const g = (key: string, value: string | null, status: TargetStatus | null): IndicatorGroup => ({
  key, label: key, value, numerator: null, denominator: null, orgs_reporting: 1, orgs_expected: 1, per_org: null, status,
})
const atLeast = (v: string): Target => ({ op: '>=', value: v, value2: null, year: 2025 })

describe('barRows', () => {
  it('puts the failing first, then too few reports, then met; the worst value first within each', () => {
    const rows = barRows([
      g('met-high', '0.03', 'met'), g('fail-near', '0.0149', 'not_met'), g('met-low', '0.016', 'met'),
      g('fail-far', '0.0138', 'not_met'), g('unsure', '0.02', 'insufficient_data'), g('none', null, 'insufficient_data'),
    ], { unit: 'percent', target: atLeast('0.015'), lang: 'zh-CN' })
    expect(rows.map((r) => r.key)).toEqual(['fail-far', 'fail-near', 'unsure', 'none', 'met-low', 'met-high'])
    expect(rows.map((r) => r.color)).toEqual([TONE.not_met, TONE.not_met, TONE.insufficient_data, TONE.insufficient_data, TONE.met, TONE.met])
  })

  it('formats each value in the indicator unit: a ratio as a percentage, money with separators', () => {
    const [r] = barRows([g('a', '0.0138', 'not_met')], { unit: 'percent', target: atLeast('0.015'), lang: 'zh-CN' })
    expect(r.text).toBe('1.38%')
    expect(r.value).toBe(0.0138)
    expect(barRows([g('a', '8000000', 'met')], { unit: 'yuan', lang: 'en' })[0].text).toBe('¥8,000,000')
    expect(barRows([g('a', null, null)], { unit: 'count', lang: 'en' })[0].text).toBe('—')
  })

  it('for a ≤ target the largest value is the worst; for a range, the farthest outside it', () => {
    const le: Target = { op: '<=', value: '45', value2: null, year: 2025 }
    expect(barRows([g('a', '40', 'met'), g('b', '50', 'not_met'), g('c', '55', 'not_met')], { unit: 'count', target: le, lang: 'en' }).map((r) => r.key))
      .toEqual(['c', 'b', 'a'])
    const band: Target = { op: 'between', value: '8', value2: '10', year: 2025 }
    expect(barRows([g('in', '9', 'met'), g('low', '7', 'not_met'), g('high', '13', 'not_met')], { unit: 'ratio', target: band, lang: 'en' }).map((r) => r.key))
      .toEqual(['high', 'low', 'in'])
  })

  it('a district count (not judged) is one neutral colour, the largest contribution first', () => {
    const rows = barRows([g('a', '10', null), g('b', '16', 'met'), g('c', null, null)], { unit: 'count', lang: 'zh-CN', judged: false })
    expect(rows.map((r) => r.key)).toEqual(['b', 'a', 'c'])
    expect(new Set(rows.map((r) => r.color))).toEqual(new Set([NEUTRAL]))
    expect(rows.every((r) => r.status === null)).toBe(true)
  })

  it('names the rows with the label given (school types by their names)', () => {
    const rows = barRows([g('primary', '1', 'met')], { unit: 'count', lang: 'zh-CN', label: () => '小学' })
    expect(rows[0].label).toBe('小学')
  })
})

describe('sizes', () => {
  it('gives every bar a fixed row of at least 44 px, the chart growing with the count', () => {
    expect(ROW_HEIGHT).toBeGreaterThanOrEqual(44)
    expect(chartHeight(30) - chartHeight(29)).toBe(ROW_HEIGHT)
    expect(chartHeight(30)).toBeGreaterThan(30 * 44)
  })

  it('keeps short names whole and lets only long ones be cut, within 45% of a 320 px phone', () => {
    // 城南街道: 4 CJK characters, 48 px, fit whole.
    expect(labelWidth(['城南街道', '濯水镇'], 290)).toBeGreaterThanOrEqual(48)
    expect(labelWidth(['九年一贯制学校'], 290)).toBeGreaterThanOrEqual(7 * 12)
    expect(labelWidth(['一个非常非常非常非常长的学校类型名称'], 290)).toBe(Math.floor(290 * 0.45))
  })

  it('leaves room past the longest bar and the target for the value label', () => {
    expect(axisMax([0.01, 0.02, null], 0.015)).toBeCloseTo(0.025)
    expect(axisMax([0.01], 0.04)).toBeCloseTo(0.05)
    expect(axisMax([null], null)).toBeUndefined()
  })
})

describe('drillSort', () => {
  it('lists a town’s schools failing first under a per-school check, else worst value first', () => {
    expect(drillSort(true, atLeast('0.015'))).toBe('failing')
    expect(drillSort(false, atLeast('0.015'))).toBe('value')
    expect(drillSort(false, { op: '<=', value: '45', value2: null, year: 2025 })).toBe('-value')
    expect(drillSort(false, null)).toBe('-value')
  })
})
