import { describe, expect, it } from 'vitest'
import type { Indicator } from '../../src/api/types'
import { i18n } from '../../src/i18n'
import { enoughReported, headline, headlineText, orgNoun, statusKey } from '../../src/stores/headline'
import { completenessPct, fmtTarget, fmtValue, progress } from '../../src/stores/indicators'

const zh = (it: Indicator) => {
  i18n.global.locale.value = 'zh-CN'
  return headlineText(it, 'zh-CN', i18n.global.t)
}
const en = (it: Indicator) => {
  i18n.global.locale.value = 'en'
  try {
    return headlineText(it, 'en', i18n.global.t)
  } finally {
    i18n.global.locale.value = 'zh-CN'
  }
}

function ind(over: Partial<Indicator> = {}): Indicator {
  return {
    code: 'training.spend_ratio', name: '教师培训经费占教师工资总额比例', section: '二(16)', unit: 'percent', form: 'teacher-training',
    plan: '按照不低于教师工资总额1.5%保障教师培训经费', applies_to: 'district_schools', denominator_rule: '区属各学校',
    value: '0.0166', numerator: '166', denominator: '10000', target: { op: '>=', value: '0.015', value2: null, year: 2025 },
    status: 'met', gap: '0', reported: 70, expected: 70, completeness: '1', min_completeness: '1', orgs_reporting: 70, orgs_expected: 70,
    every_org: false, judged: 'each', previous: null, per_org: null, ...over,
  }
}

describe('indicator headline', () => {
  it('too few reports reads as insufficient data with reported/expected, the value provisional', () => {
    const it5 = ind({ status: 'insufficient_data', reported: 5, expected: 70, completeness: '0.0714', gap: null })
    const h = headline(it5, 'zh-CN', i18n.global.t)
    expect(h.tone).toBe('insufficient')
    expect(h.provisional).toBe(true)
    expect(zh(it5)).toBe('数据不足：已报 5 / 应报 70')
    expect(en(it5)).toBe('Too little data: 5 of 70 reported')
    // Never a verdict word.
    expect(zh(it5)).not.toMatch(/已达标|未达标/)
  })

  it('nobody reported, nobody expected and no previous period are told apart', () => {
    expect(zh(ind({ status: 'insufficient_data', reported: 0, expected: 70, value: null }))).toBe('数据不足：尚无单位上报（应报 70）')
    expect(headline(ind({ status: 'insufficient_data', reported: 0, expected: 70, value: null }), 'zh-CN', i18n.global.t).provisional).toBe(false)
    expect(zh(ind({ status: 'insufficient_data', reported: 0, expected: 0, value: null }))).toBe('数据不足：本期没有应报单位')
    const rising = ind({ unit: 'count', status: 'insufficient_data', value: '12', target: { op: 'rising', value: '0', value2: null, year: 2025 }, previous: null, min_completeness: '0.9' })
    expect(zh(rising)).toBe('数据不足：上期没有数据，无法判断是否增长')
  })

  it('a target for every school with one school below reads "全区 1.66%，1 所学校未达标"', () => {
    const one = ind({ status: 'not_met', every_org: true, per_org: { passing: 69, failing: 1 } })
    const h = headline(one, 'zh-CN', i18n.global.t)
    expect(h.tone).toBe('not_met')
    expect(h.failing).toBe(1)
    expect(zh(one)).toBe('全区 1.66%，1 所学校未达标')
    expect(en(one)).toBe('District 1.66%; 1 school below target')
    expect(en(ind({ status: 'not_met', every_org: true, per_org: { passing: 67, failing: 3 } }))).toBe('District 1.66%; 3 schools below target')
    expect(zh(ind({ status: 'not_met', every_org: true, applies_to: 'departments', per_org: { passing: 3, failing: 2 } }))).toBe('全区 1.66%，2 个单位未达标')
  })

  it('met, met by every school, district counts, shortfalls, ranges and rising targets', () => {
    expect(zh(ind())).toBe('已达标：1.66%')
    expect(zh(ind({ every_org: true, per_org: { passing: 70, failing: 0 } }))).toBe('已达标：全区 1.66%，70 所学校全部达标')
    const count = ind({ unit: 'count', value: '26', judged: 'district', target: { op: '>=', value: '30', value2: null, year: 2025 } })
    expect(zh({ ...count, status: 'met' })).toBe('已达标：全区 26')
    expect(zh({ ...count, status: 'not_met', gap: '4' })).toBe('未达标：全区 26，还差 4')
    expect(zh(ind({ status: 'not_met', value: '0.012', gap: '0.003' }))).toBe('未达标：1.2%，差距 0.3%')
    const between = ind({ unit: 'ratio', value: '11.5', status: 'not_met', gap: '1.5', target: { op: 'between', value: '8', value2: '10', year: 2025 } })
    expect(zh(between)).toBe('未达标：11.5，不在 8 至 10 范围内')
    const rising = ind({ unit: 'count', value: '12', status: 'not_met', gap: null, previous: '14', target: { op: 'rising', value: '0', value2: null, year: 2025 } })
    expect(zh(rising)).toBe('未达标：12，未高于上期 14')
  })

  it('a figure not judged on its own (a town share of a district count) gives no verdict', () => {
    const share = ind({ unit: 'count', value: '26', judged: 'district', status: null, target: { op: '>=', value: '30', value2: null, year: 2025 } })
    expect(headline(share, 'zh-CN', i18n.global.t).tone).toBe('unjudged')
    expect(zh(share)).toBe('贡献 26（全区合计目标）')
    expect(zh(ind({ status: null }))).toBe('1.66%')
  })

  it('status words, nouns and completeness', () => {
    expect(statusKey('insufficient_data')).toBe('ind.status.insufficient_data')
    expect(statusKey(null)).toBe('ind.status.unjudged')
    expect(orgNoun({ applies_to: 'schools_and_kindergartens' })).toBe('school')
    expect(orgNoun({ applies_to: 'departments' })).toBe('unit')
    expect(enoughReported({ reported: 5, expected: 70, min_completeness: '0.9' })).toBe(false)
    expect(enoughReported({ reported: 63, expected: 70, min_completeness: '0.9' })).toBe(true)
    expect(enoughReported({ reported: 69, expected: 70, min_completeness: '1' })).toBe(false)
    expect(enoughReported({ reported: 0, expected: 0, min_completeness: '0' })).toBe(true)
    expect(completenessPct({ reported: 5, expected: 70 })).toBe(7)
    expect(completenessPct({ reported: 0, expected: 0 })).toBe(0)
  })
})

describe('target formatting', () => {
  const t = i18n.global.t
  it('shows ranges, rising targets with the previous value, and units', () => {
    expect(fmtTarget({ op: 'between', value: '8', value2: '10', year: 2025 }, 'ratio', 'zh-CN', t)).toBe('8 至 10')
    expect(fmtTarget({ op: 'rising', value: '0', value2: null, year: 2025 }, 'count', 'zh-CN', t, '14')).toBe('高于上期（14）')
    expect(fmtTarget({ op: 'rising', value: '0', value2: null, year: 2025 }, 'count', 'zh-CN', t, null)).toBe('高于上期')
    expect(fmtTarget({ op: '>=', value: '0.015', value2: null, year: 2025 }, 'percent', 'zh-CN', t)).toBe('≥ 1.5%')
    expect(fmtValue('1234.5', 'area', 'zh-CN')).toBe('1,234.5 m²')
    expect(fmtValue('150000', 'yuan', 'zh-CN')).toBe('¥150,000')
  })
  it('progress toward a rising target never reads as done until met', () => {
    expect(progress({ value: '14', status: 'not_met', previous: '14', target: { op: 'rising', value: '0', value2: null, year: 2025 } })).toBe(99)
    expect(progress({ value: '15', status: 'met', previous: '14', target: { op: 'rising', value: '0', value2: null, year: 2025 } })).toBe(100)
    expect(progress({ value: '9', status: 'met', target: { op: 'between', value: '8', value2: '10', year: 2025 } })).toBe(100)
  })
})
