import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import { i18n, setLang } from '../../src/i18n'
import { aboutTexts, cnNumber, sectionLabel } from '../../src/stores/indicators'
import { campaignTitle } from '../../src/stores/campaigns'
import Dashboard from '../../src/views/leader/Dashboard.vue'

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u

describe('plan sections in English', () => {
  it('reads Chinese numerals', () => {
    expect([cnNumber('一'), cnNumber('九'), cnNumber('十'), cnNumber('十六'), cnNumber('二十'), cnNumber('二十三'), cnNumber('16')]).toEqual([1, 9, 10, 16, 20, 23, 16])
    expect(cnNumber('百')).toBeNaN()
    expect(cnNumber('')).toBeNaN()
  })
  it('writes a part in Roman numerals and its items in Arabic ones, in English only', () => {
    expect(sectionLabel('二(16)', 'en')).toBe('II(16)')
    expect(sectionLabel('一(三)', 'en')).toBe('I(3)')
    expect(sectionLabel('三（二）', 'en')).toBe('III(2)')
    expect(sectionLabel('二(7)(8)', 'en')).toBe('II(7)(8)')
    expect(sectionLabel('二(1)(2)(3)', 'en')).toBe('II(1)(2)(3)')
    expect(sectionLabel('十四', 'en')).toBe('XIV')
    expect(sectionLabel('二(16)', 'zh-CN')).toBe('二(16)')
    expect(sectionLabel('', 'en')).toBe('')
    for (const s of ['一(三)', '二(16)', '三(二)', '二(7)(8)']) expect(sectionLabel(s, 'en')).not.toMatch(CJK)
  })
})

describe('the plan quote and the denominator rule', () => {
  const it0 = { plan: '不低于1.5%', plan_en: 'At least 1.5%', denominator_rule: '区属学校', denominator_rule_en: 'District schools' }
  it('are English in English and Chinese otherwise', () => {
    expect(aboutTexts(it0, 'en')).toEqual({ plan: 'At least 1.5%', rule: 'District schools' })
    expect(aboutTexts(it0, 'zh-CN')).toEqual({ plan: '不低于1.5%', rule: '区属学校' })
  })
  it('fall back to Chinese where there is no English', () => {
    expect(aboutTexts({ ...it0, plan_en: '', denominator_rule_en: '' }, 'en')).toEqual({ plan: '不低于1.5%', rule: '区属学校' })
  })
})

describe('campaign titles', () => {
  const f = { title: '教师培训经费', title_en: 'Teacher training' }
  it("a server-made title reads in the form's English", () => {
    expect(campaignTitle({ title: '2025 教师培训经费', period: '2025' }, f, 'en')).toBe('2025 Teacher training')
    expect(campaignTitle({ title: '2025 教师培训经费', period: '2025' }, f, 'zh-CN')).toBe('2025 教师培训经费')
  })
  it('a typed title is data and stays as it is', () => {
    expect(campaignTitle({ title: '补报：培训经费', period: '2025' }, f, 'en')).toBe('补报：培训经费')
    expect(campaignTitle({ title: '2025 教师培训经费', period: '2025' }, undefined, 'en')).toBe('2025 教师培训经费')
  })
})

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const item = (code: string) => ({
  code, name: '指标' + code, name_en: 'Indicator ' + code, section: '二(16)', unit: 'percent', form: 'teacher-training', value: '0.02', numerator: null, denominator: null,
  target: { op: '>=', value: '0.015', value2: null, year: 2025 }, status: 'met', gap: null,
  reported: 3, expected: 3, completeness: '1', min_completeness: '0.9', orgs_reporting: 3, orgs_expected: 3,
  every_org: false, judged: 'each', previous: null, per_org: null, plan: '不低于', plan_en: 'At least', applies_to: 'schools', denominator_rule: '区属', denominator_rule_en: 'District', district: null,
})

async function mountDashboard(fetcher: (url: string) => Promise<Response>) {
  vi.stubGlobal('fetch', vi.fn(fetcher))
  const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/leader', name: 'leader', component: Dashboard }, { path: '/leader/:code', name: 'indicator', component: { render: () => null } }] })
  await r.push('/leader')
  await r.isReady()
  return mount(Dashboard, { global: { plugins: [i18n, Vant, createPinia(), r] } })
}

afterEach(() => {
  vi.unstubAllGlobals()
  setLang('zh-CN')
})

describe('the dashboard', () => {
  it('asks for the figures without waiting for the campaigns, and holds their place meanwhile', async () => {
    let releaseCampaigns: () => void = () => {}
    const campaignsAnswered = new Promise<void>((res) => { releaseCampaigns = res })
    const asked: string[] = []
    const w = await mountDashboard(async (url) => {
      asked.push(url)
      if (url.includes('/campaigns')) {
        await campaignsAnswered
        return json(200, { items: [], total: 0 })
      }
      return json(200, { period: '2025', basis: 'approved', view: 'subtree', as_of: null, items: [item('a')] })
    })
    // Before any answer: placeholder cards, the overview and the as-of line already in place.
    expect(w.find('[data-testid="indicators-loading"]').exists()).toBe(true)
    expect(w.find('[data-testid="status-overview"]').exists()).toBe(true)
    expect(w.find('[data-testid="as-of"]').exists()).toBe(true)
    await flushPromises()
    // The figures came while the campaign list is still on its way.
    expect(asked.some((u) => u.includes('/indicators'))).toBe(true)
    expect(w.find('[data-testid="ind-a"]').exists()).toBe(true)
    expect(w.find('[data-testid="indicators-loading"]').exists()).toBe(false)
    releaseCampaigns()
    await flushPromises()
    w.unmount()
  })

  it("opens on the newest yearly campaign's year: a quarter's campaign does not move it", async () => {
    const asked: string[] = []
    const year = String(new Date().getFullYear() - 1)
    const w = await mountDashboard(async (url) => {
      asked.push(url)
      if (url.includes('/completeness')) return json(200, { expected: 1, submitted: 0, approved: 0, returned: 0, draft: 0, not_started: 1, overdue: 0, on_time_rate: '0', by_town: [] })
      if (url.includes('/campaigns')) {
        return json(200, { items: [
          { id: 2, form: 'measure-progress', form_version: 1, period: `${Number(year) + 1}Q4`, title: 'q', deadline: '2999-01-01T00:00:00Z', org_id: 1, org_types: [], task_count: 1, created_at: '2025-01-01T00:00:00Z' },
          { id: 1, form: 'teacher-training', form_version: 1, period: year, title: 'y', deadline: '2999-01-01T00:00:00Z', org_id: 1, org_types: [], task_count: 1, created_at: '2025-01-01T00:00:00Z' },
        ], total: 2 })
      }
      return json(200, { period: year, basis: 'approved', view: 'subtree', as_of: null, items: [item('a')] })
    })
    await flushPromises()
    await flushPromises()
    const periods = asked.filter((u) => u.includes('/indicators')).map((u) => new URL(u, 'http://x').searchParams.get('period'))
    expect(periods).toEqual([year])
    expect((w.find('[data-testid="period"]').element as HTMLSelectElement).value).toBe(year)
    w.unmount()
  })

  it('in English shows no Chinese but data names', async () => {
    await setLang('en')
    const w = await mountDashboard(async (url) => {
      if (url.includes('/completeness')) return json(200, { expected: 2, submitted: 1, approved: 1, returned: 0, draft: 0, not_started: 1, overdue: 0, on_time_rate: '1', by_town: [{ town: { id: 0, code: '', name: '区直属单位' }, expected: 1, submitted: 0, approved: 0, missing: [] }] })
      if (url.includes('/campaigns')) return json(200, { items: [{ id: 1, form: 'teacher-training', form_version: 1, period: '2025', title: '2025 教师培训', deadline: '2999-01-01T00:00:00Z', org_id: 1, org_types: [], task_count: 2, created_at: '2025-01-01T00:00:00Z' }], total: 1 })
      if (url.includes('/forms')) return json(200, { items: [{ code: 'teacher-training', version: 1, title: '教师培训', title_en: 'Teacher training', period_type: 'year', org_types: [], plan_section: '二(16)', fields: 3 }], total: 1 })
      return json(200, { period: '2025', basis: 'approved', view: 'subtree', as_of: null, items: [item('a')] })
    })
    await flushPromises()
    await flushPromises()
    const details = w.find('[data-testid="completeness"] details')
    ;(details.element as HTMLDetailsElement).open = true
    expect(w.find('[data-testid="ind-a"]').text()).toContain('II(16)')
    expect(w.find('[data-testid="campaign-teacher-training"]').text()).toContain('2025 Teacher training')
    expect(w.find('[data-testid="completeness"]').text()).toContain('District-level units')
    expect(w.text()).not.toMatch(CJK)
    w.unmount()
  })
})
