import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import type { Indicator } from '../../src/api/types'
import { i18n } from '../../src/i18n'
import { ownCheck, ownHeadlineText } from '../../src/stores/headline'
import { yearsOf } from '../../src/stores/mine'
import Mine from '../../src/views/school/Mine.vue'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

const t = i18n.global.t

function own(code: string, over: Partial<Indicator> = {}): Indicator {
  return {
    code, name: '指标' + code, name_en: '', section: '二(16)', unit: 'percent', form: 'teacher-training', plan: '按照不低于教师工资总额1.5%保障教师培训经费',
    applies_to: 'district_schools', denominator_rule: '区属各学校', value: '0.02', numerator: '40000', denominator: '2000000',
    target: { op: '>=', value: '0.015', value2: null, year: 2025 }, status: 'met', gap: '0', reported: 1, expected: 1, completeness: '1',
    min_completeness: '1', orgs_reporting: 1, orgs_expected: 1, every_org: true, judged: 'each', previous: null, per_org: { passing: 1, failing: 0 },
    district: { value: '0.0167', status: 'insufficient_data', reported: 60, expected: 71 }, ...over,
  }
}

describe('own standing', () => {
  it('reads pass, fail, not reported and not judged per school', () => {
    expect(ownCheck(own('a'))).toBe('pass')
    expect(ownHeadlineText(own('a'), 'zh-CN', t)).toBe('本校达标：2%')
    const fail = own('b', { status: 'not_met', value: '0.01', per_org: { passing: 0, failing: 1 } })
    expect(ownCheck(fail)).toBe('fail')
    expect(ownHeadlineText(fail, 'zh-CN', t)).toBe('本校未达标：1%，目标 ≥ 1.5%')
    const missing = own('c', { status: 'insufficient_data', value: null, reported: 0, per_org: { passing: 0, failing: 0 } })
    expect(ownCheck(missing)).toBe('missing')
    expect(ownHeadlineText(missing, 'zh-CN', t)).toBe('本校尚未上报')
    const count = own('d', { unit: 'count', status: null, value: '1', judged: 'district', every_org: false, per_org: null, target: { op: '>=', value: '30', value2: null, year: 2025 } })
    expect(ownCheck(count)).toBe('unjudged')
    expect(ownHeadlineText(count, 'zh-CN', t)).toBe('本校贡献 1，计入全区合计')
    const notReportedCount = { ...count, value: null, reported: 0 }
    expect(ownCheck(notReportedCount)).toBe('missing')
    const share = own('e', { status: null, judged: 'each', every_org: false, per_org: null, value: '0.2' })
    expect(ownHeadlineText(share, 'zh-CN', t)).toBe('本校 20%，此项不逐校评判')
  })

  it('offers the years of the tasks, newest first', () => {
    expect(yearsOf(['2025', '2024H1', '2025Q3'])).toEqual(['2025', '2024'])
    expect(yearsOf([], new Date('2026-03-01'))).toEqual(['2025'])
  })
})

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
})

describe('my school page', () => {
  it("shows the school's own figures, its own check and the district's value", async () => {
    localStorage.setItem('tb.user', JSON.stringify({ id: 4, username: 'wlzx', display_name: '武陵中学管理员', org_id: 43, org_name: '武陵中学', status: 'active', must_change_password: false, roles: [{ role: 'org_admin', org_id: 43, org_code: 'wlzx', org_name: '武陵中学' }], created_at: '' }))
    const calls: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      calls.push(url)
      if (url.includes('/tasks')) return json(200, { items: [{ period: '2025' }], total: 1, page: 1, page_size: 100 })
      return json(200, { period: '2025', basis: 'approved', view: 'own', as_of: null, items: [
        own('training.spend_ratio'),
        own('family.parent_school', { status: 'not_met', value: '0', per_org: { passing: 0, failing: 1 }, target: { op: '=', value: '1', value2: null, year: 2025 } }),
        own('sports.specialist_schools', { unit: 'count', status: null, value: null, reported: 0, judged: 'district', every_org: false, per_org: null, target: { op: '>=', value: '30', value2: null, year: 2025 }, district: { value: '33', status: 'insufficient_data', reported: 44, expected: 50 } }),
      ] })
    }))
    const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/my', name: 'mine', component: Mine }, { path: '/tasks', name: 'tasks', component: { render: () => null } }] })
    await r.push('/my')
    await r.isReady()
    const w = mount(Mine, { global: { plugins: [i18n, Vant, createPinia(), r] } })
    for (let i = 0; i < 5; i++) await flushPromises()
    expect(calls.some((u) => u.includes('/indicators?period=2025&basis=approved'))).toBe(true)
    expect(w.find('[data-testid="mine-heading"]').text()).toBe('武陵中学 · 2025 年')
    expect(w.find('[data-testid="mine-training.spend_ratio"]').attributes('data-check')).toBe('pass')
    expect(w.find('[data-testid="mine-check-training.spend_ratio"]').text()).toContain('本校达标')
    expect(w.find('[data-testid="mine-own-training.spend_ratio"]').text()).toContain('2%')
    expect(w.find('[data-testid="mine-district-value-training.spend_ratio"]').text()).toContain('1.67%')
    expect(w.find('[data-testid="mine-district-training.spend_ratio"]').text()).toContain('全区已报 60 / 应报 71')
    expect(w.find('[data-testid="mine-district-status-training.spend_ratio"]').text()).toContain('数据不足')
    expect(w.find('[data-testid="mine-family.parent_school"]').attributes('data-check')).toBe('fail')
    expect(w.find('[data-testid="mine-sports.specialist_schools"]').attributes('data-check')).toBe('missing')
    expect(w.find('[data-testid="mine-summary"]').text()).toBe('1 项达标，1 项未达标，1 项尚未上报')
    await w.find('[data-testid="mine-filter-fail"]').trigger('click')
    expect(w.findAll('[data-testid^="mine-check-"]').length).toBe(1)
    // As the town has passed it (multi-level review): the same figures on the passed_town basis.
    const passed = w.find('[data-testid="mine-basis-passed_town"]')
    expect(passed.text()).toBe('学区已审')
    await passed.trigger('click')
    for (let i = 0; i < 3; i++) await flushPromises()
    expect(calls.some((u) => u.includes('/indicators?period=2025&basis=passed_town'))).toBe(true)
    expect(passed.attributes('aria-checked')).toBe('true')
    w.unmount()
  })
})

describe('i18n', () => {
  const keys = (o: Record<string, unknown>, p = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, p + k + '.') : [p + k]))
  it('zh-CN and en have the same indicator, leader and my-school texts', () => {
    for (const ns of ['ind', 'leader', 'mine', 'nav'] as const) {
      expect(keys(en[ns]).sort(), ns).toEqual(keys(zh[ns]).sort())
    }
  })
})
