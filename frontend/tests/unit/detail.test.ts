import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, type PropType } from 'vue'
import Vant from 'vant'
import { i18n } from '../../src/i18n'

// ECharts needs a canvas; the stub shows what the chart was given.
vi.mock('../../src/components/BarChart.vue', () => ({
  __esModule: true,
  default: defineComponent({
    props: {
      labels: { type: Array as PropType<string[]>, default: () => [] }, values: { type: Array as PropType<(number | null)[]>, default: () => [] },
      target: { type: Number, default: null }, target2: { type: Number, default: null }, colors: { type: Array as PropType<string[]>, default: () => [] },
      stack: { type: Array as PropType<{ name: string }[]>, default: () => [] }, label: { type: String, default: '' }, testid: { type: String, default: '' },
      percent: Boolean, kind: { type: String, default: 'bar' },
    },
    setup: (p) => () => h('div', {
      'data-testid': p.testid, 'data-labels': (p.labels ?? []).join('|'), 'data-target': p.target ?? '',
      'data-colors': (p.colors ?? []).join('|'), 'data-stack': (p.stack ?? []).map((s: { name: string }) => s.name).join('|'),
    }),
  }),
}))

const { default: IndicatorDetail } = await import('../../src/views/leader/IndicatorDetail.vue')

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const org = (id: number, code: string, name: string) => ({ org: { id, code, name, type: 'primary' }, town: '城西街道', value: null as string | null })

function detail(over: Record<string, unknown>, groups: unknown[]) {
  return {
    code: 'x', name: '指标', name_en: 'Indicator', section: '二(7)', unit: 'count', form: 'sports-arts', value: '26', numerator: '26', denominator: null,
    target: { op: '>=', value: '30', value2: null, year: 2025 }, status: 'not_met', gap: '4', reported: 60, expected: 70, completeness: '0.8571', min_completeness: '0.8',
    orgs_reporting: 60, orgs_expected: 70, every_org: false, judged: 'district', previous: null, per_org: null,
    plan: '建成国市区级体育特色学校30所以上', applies_to: 'district_schools', denominator_rule: '全区数量目标：各镇街只计贡献不单独评判。',
    period: '2025', basis: 'approved', group_by: 'town', groups, failing_orgs: [], missing_orgs: [org(7, 'wlzx', '五里中学'), org(8, 'abc', '阿蓬小学')], ...over,
  }
}

async function mountDetail(body: (groupBy: string) => unknown) {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    if (url.includes('/trend')) return json(200, { code: 'x', points: [] })
    return json(200, body(new URL(url, 'http://x').searchParams.get('group_by') ?? ''))
  }))
  const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/leader/:code', name: 'indicator', component: IndicatorDetail, props: true }] })
  await r.push('/leader/x?period=2025&basis=approved')
  await r.isReady()
  const w = mount(IndicatorDetail, { props: { code: 'x' }, global: { plugins: [i18n, Vant, createPinia(), r] } })
  for (let i = 0; i < 5; i++) await flushPromises()
  // Each breakdown loads its chart on its own; wait for every one.
  await vi.waitFor(() => {
    if (w.findAll('[data-testid$="-card"] > [data-labels]').length < w.findAll('[data-testid$="-card"] > ul').length) throw new Error('charts loading')
  })
  return w
}

afterEach(() => vi.unstubAllGlobals())

describe('indicator detail', () => {
  it('a district count shows each town as a contribution, without verdict colours or a target line', async () => {
    const town = (key: string, v: string) => ({ key, label: key, value: v, numerator: v, denominator: null, orgs_reporting: 5, orgs_expected: 6, per_org: null, status: null })
    const w = await mountDetail(() => detail({}, [town('城西街道', '10'), town('城东街道', '16')]))
    const chart = w.find('[data-testid="chart-town"]')
    expect(chart.exists()).toBe(true)
    expect(chart.attributes('data-target')).toBe('')
    expect(new Set(chart.attributes('data-colors')!.split('|'))).toEqual(new Set(['#1560bd']))
    expect(w.text()).toContain('各乡镇贡献')
    expect(w.find('[data-testid="district-note"]').text()).toContain('不单独评判达标')
    expect(w.find('[data-testid="chart-reporting"]').attributes('data-stack')).toBe('已报|未报')
    // The plan's words and what is counted.
    expect(w.find('[data-testid="plan-words"]').text()).toContain('建成国市区级体育特色学校30所以上')
    expect(w.find('[data-testid="plan-denominator"]').text()).toContain('各镇街只计贡献')
    expect(w.find('[data-testid="plan-applies"]').text()).toBe('区属学校（含区职教中心）')
    // Not-yet-reported schools are listed.
    expect(w.find('[data-testid="missing-orgs"]').text()).toContain('尚未上报的单位（2）')
    expect(w.find('[data-testid="missing-wlzx"]').text()).toContain('五里中学')
    expect(w.find('[data-testid="failing-orgs"]').exists()).toBe(false)
    w.unmount()
  })

  it('a per-school target colours each slice by its verdict and lists the failing schools', async () => {
    const g = (key: string, status: string | null) => ({ key, label: key, value: '0.02', numerator: '2', denominator: '100', orgs_reporting: 3, orgs_expected: 3, per_org: { passing: 2, failing: 1 }, status })
    const w = await mountDetail(() => detail({
      unit: 'percent', value: '0.0166', judged: 'each', every_org: true, per_org: { passing: 69, failing: 1 }, gap: '0',
      target: { op: '>=', value: '0.015', value2: null, year: 2025 }, reported: 70, expected: 70, completeness: '1', min_completeness: '1',
      failing_orgs: [{ ...org(9, 'xhzx', '新华中学'), value: '0.01' }], missing_orgs: [],
    }, [g('a', 'met'), g('b', 'not_met'), g('c', 'insufficient_data')]))
    expect(w.find('[data-testid="indicator-headline"]').text()).toBe('全区 1.66%，1 所学校未达标')
    // Failing first: not met, then insufficient data, then met.
    expect(w.find('[data-testid="chart-org-type"]').attributes('data-colors')).toBe('#c8102e|#d4a24c|#1d7a3a')
    expect(w.find('[data-testid="chart-org-type"]').attributes('data-target')).toBe('0.015')
    expect(w.find('[data-testid="chart-reporting"]').attributes('data-stack')).toBe('已达标|未达标|未报')
    expect(w.find('[data-testid="failing-xhzx"]').text()).toContain('1%')
    expect(w.find('[data-testid="jump-failing"]').text()).toBe('查看 1 所未达标学校')
    expect(w.find('[data-testid="missing-orgs"]').text()).toContain('应报单位均已上报')
    w.unmount()
  })

  it('a rising target shows the previous value; a range target shows the range', async () => {
    const w = await mountDetail(() => detail({ judged: 'each', status: 'met', gap: null, previous: '14', value: '15', target: { op: 'rising', value: '0', value2: null, year: 2025 } }, []))
    expect(w.find('[data-testid="indicator-previous"]').text()).toBe('上期 14')
    expect(w.find('[data-testid="indicator-target"]').text()).toBe('高于上期（14）')
    w.unmount()
    const w2 = await mountDetail(() => detail({ judged: 'each', unit: 'ratio', status: 'met', value: '9', target: { op: 'between', value: '8', value2: '10', year: 2025 } }, []))
    expect(w2.find('[data-testid="indicator-target"]').text()).toBe('8 至 10')
    w2.unmount()
  })
})
