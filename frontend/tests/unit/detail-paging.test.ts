import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import Vant from 'vant'
import { i18n } from '../../src/i18n'

// The leader's drill-down pages through the failing and missing orgs (issue 12): the server
// answers a page of each with the totals, and "show all" fetches the next pages.

vi.mock('../../src/components/BarChart.vue', () => ({
  __esModule: true,
  default: defineComponent({ props: { testid: { type: String, default: '' } }, setup: (p) => () => h('div', { 'data-testid': p.testid }) }),
}))

const { default: IndicatorDetail } = await import('../../src/views/leader/IndicatorDetail.vue')

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
const org = (i: number) => ({ org: { id: i, code: 's' + i, name: '学校' + i, type: 'primary' }, town: '城西街道', value: '0.01' })
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => org(from + i))

function detail(q: URLSearchParams) {
  const size = Number(q.get('page_size'))
  const page = Number(q.get('page') ?? 1)
  const list = q.get('list') ?? 'groups'
  // 23 failing and 30 missing orgs, served 10 at a time whatever page_size was asked.
  const slice = (name: string, total: number) => {
    const p = list === name ? page : 1
    return range((p - 1) * 10 + 1, Math.min(p * 10, total))
  }
  return {
    code: 'x', name: '指标', name_en: 'Indicator', section: '二(7)', unit: 'percent', form: 'teacher-training', value: '0.02', numerator: '2', denominator: '100',
    target: { op: '>=', value: '0.015', value2: null, year: 2025 }, status: 'not_met', gap: '0', reported: 60, expected: 90, completeness: '0.6667', min_completeness: '0.5',
    orgs_reporting: 60, orgs_expected: 90, every_org: true, judged: 'each', previous: null, per_org: { passing: 37, failing: 23 },
    plan: '', applies_to: 'district_schools', denominator_rule: '', period: '2025', basis: 'approved', group_by: q.get('group_by') ?? '', groups: [],
    failing_orgs: slice('failing', 23), missing_orgs: slice('missing', 30), groups_total: 0, failing_total: 23, missing_total: 30,
    list, page, page_size: Math.min(size || 50, 10), sort: 'name',
  }
}

afterEach(() => vi.unstubAllGlobals())

describe('indicator detail paging', () => {
  it('counts every org, and "show all" fetches the next pages of the list', async () => {
    const urls: URL[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      const u = new URL(url, 'http://x')
      urls.push(u)
      if (u.pathname.endsWith('/trend')) return json({ code: 'x', points: [] })
      return json(detail(u.searchParams))
    }))
    const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/leader/:code', name: 'indicator', component: IndicatorDetail, props: true }] })
    await r.push('/leader/x?period=2025&basis=approved')
    await r.isReady()
    const w = mount(IndicatorDetail, { props: { code: 'x' }, global: { plugins: [i18n, Vant, createPinia(), r] } })
    for (let i = 0; i < 5; i++) await flushPromises()

    // The breakdowns ask for the largest page; the totals, not the loaded rows, are counted.
    const first = urls.filter((u) => u.searchParams.get('group_by'))
    expect(first.map((u) => u.searchParams.get('page_size'))).toEqual(['500', '500'])
    expect(w.find('[data-testid="jump-failing"]').text()).toBe('查看 23 所未达标学校')
    expect(w.find('[data-testid="missing-orgs"] h2').text()).toContain('（30）')
    expect(w.findAll('[data-testid^="missing-s"]').length).toBe(10)

    // Show all: pages 2 and 3 of the missing list, then no button.
    urls.length = 0
    await w.find('[data-testid="missing-orgs-more"]').trigger('click')
    for (let i = 0; i < 3; i++) await flushPromises()
    expect(urls.map((u) => [u.searchParams.get('list'), u.searchParams.get('page'), u.searchParams.get('page_size'), u.searchParams.get('group_by')]))
      .toEqual([['missing', '2', '10', null]])
    expect(w.findAll('[data-testid^="missing-s"]').length).toBe(20)
    await w.find('[data-testid="missing-orgs-more"]').trigger('click')
    for (let i = 0; i < 3; i++) await flushPromises()
    expect(urls.at(-1)!.searchParams.get('page')).toBe('3')
    expect(w.findAll('[data-testid^="missing-s"]').length).toBe(30)
    expect(w.find('[data-testid="missing-s30"]').exists()).toBe(true)
    expect(w.find('[data-testid="missing-orgs-more"]').exists()).toBe(false)

    // The failing list pages on its own.
    await w.find('[data-testid="failing-orgs-more"]').trigger('click')
    for (let i = 0; i < 3; i++) await flushPromises()
    expect(urls.at(-1)!.searchParams.get('list')).toBe('failing')
    expect(w.findAll('[data-testid^="failing-s"]').length).toBe(20)
    w.unmount()
  })
})
