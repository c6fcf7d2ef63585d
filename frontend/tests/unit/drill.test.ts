import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, type PropType } from 'vue'
import Vant from 'vant'
import { i18n } from '../../src/i18n'

// The leader's drill-down (issue 13): tapping a town's row asks the server for that town's
// schools (org_id), failing first, a page at a time; a school type shows its figures and its
// failing orgs picked from the failing list.

vi.mock('../../src/components/BarChart.vue', () => ({
  __esModule: true,
  default: defineComponent({
    props: { labels: { type: Array as PropType<string[]>, default: () => [] }, colors: { type: Array as PropType<string[]>, default: () => [] }, testid: { type: String, default: '' } },
    emits: ['select'],
    setup: (p, { emit }) => () => h('button', { 'data-testid': p.testid, 'data-labels': p.labels.join('|'), 'data-colors': p.colors.join('|'), onClick: () => emit('select', 1) }),
  }),
}))

const { default: GroupBreakdown } = await import('../../src/components/indicators/GroupBreakdown.vue')

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
const group = (key: string, label: string, value: string | null, status: string | null, failing = 0) => ({
  key, label, value, numerator: null, denominator: null, orgs_reporting: 3, orgs_expected: 4, per_org: { passing: 3 - failing, failing }, status,
})
const ind = {
  code: 'training.spend_ratio', name: '教师培训经费占比', section: '二(16)', unit: 'percent', value: '0.0166', numerator: null, denominator: null,
  target: { op: '>=', value: '0.015', value2: null, year: 2025 }, status: 'not_met', gap: null, reported: 60, expected: 70, completeness: '0.85', min_completeness: '0.8',
  orgs_reporting: 60, orgs_expected: 70, every_org: true, judged: 'each', previous: null, per_org: { passing: 57, failing: 3 },
  period: '2025', basis: 'approved', group_by: 'town', groups: [], failing_orgs: [], missing_orgs: [], groups_total: 0, failing_total: 0, missing_total: 0,
  list: 'groups', page: 1, page_size: 500, sort: 'name',
}
const failing = (id: number, type: string) => ({ org: { id, code: 's' + id, name: '学校' + id, type }, town: '城西街道', value: '0.01' })

function mountIt(kind: 'town' | 'org_type', groups: unknown[], failingOrgs: unknown[] = []) {
  return mount(GroupBreakdown, {
    props: { ind: ind as never, groups: groups as never, kind, title: kind === 'town' ? '按乡镇' : '按类型', testid: 'chart-' + kind, code: ind.code, period: '2025', basis: 'approved',
      failingOrgs: failingOrgs as never, failingTotal: failingOrgs.length },
    global: { plugins: [i18n, Vant] },
  })
}

afterEach(() => vi.unstubAllGlobals())

describe('the drill-down', () => {
  it('orders the towns failing first, and a tap lists the town’s schools from the server, with load more', async () => {
    const urls: URL[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      const u = new URL(url, 'http://x')
      urls.push(u)
      const page = Number(u.searchParams.get('page'))
      const schools = page === 1
        ? [group('101', '一小', '0.01', 'not_met'), ...Array.from({ length: 19 }, (_, i) => group(String(200 + i), '学校' + i, '0.02', 'met'))]
        : [group('300', '末校', '0.03', 'met')]
      return json({ ...ind, group_by: 'org', groups: schools, groups_total: 21, missing_total: 2, page, page_size: 20 })
    }))
    const w = mountIt('town', [group('7', '城东街道', '0.02', 'met'), group('8', '城西街道', '0.012', 'not_met', 2), group('9', '濯水镇', '0.014', 'insufficient_data')])
    await flushPromises()
    await vi.waitFor(() => expect(w.find('[data-testid="chart-town"]').exists()).toBe(true))
    expect(w.find('[data-testid="chart-town"]').attributes('data-labels')).toBe('城西街道|濯水镇|城东街道')
    expect(w.findAll('[data-testid^="chart-town-row-"]').map((b) => b.attributes('data-status'))).toEqual(['not_met', 'insufficient_data', 'met'])
    expect(w.find('[data-testid="chart-town-row-8"]').text()).toContain('1.2%')

    await w.find('[data-testid="chart-town-row-8"]').trigger('click')
    await flushPromises()
    const q = urls[0].searchParams
    expect([q.get('org_id'), q.get('group_by'), q.get('sort'), q.get('page'), q.get('page_size')]).toEqual(['8', 'org', 'failing', '1', '20'])
    const panel = w.find('[data-testid="chart-town-drill"]')
    expect(panel.find('h3').text()).toBe('城西街道的学校（未达标在前）')
    expect(w.find('[data-testid="chart-town-row-8"]').attributes('aria-expanded')).toBe('true')
    const rows = () => w.findAll('[data-testid="drill-orgs"] > li')
    expect(rows()).toHaveLength(20)
    expect(rows()[0].attributes('data-status')).toBe('not_met')
    expect(rows()[0].text()).toContain('1%')
    expect(w.find('[data-testid="drill-missing"]').text()).toContain('2')

    await w.find('[data-testid="drill-more"]').trigger('click')
    await flushPromises()
    expect(urls[1].searchParams.get('page')).toBe('2')
    expect(rows()).toHaveLength(21)
    expect(w.find('[data-testid="drill-more"]').exists()).toBe(false)

    // A tap on the chart's second bar opens that town instead; closing puts focus back on its row.
    await w.find('[data-testid="chart-town"]').trigger('click')
    await flushPromises()
    expect(urls[2].searchParams.get('org_id')).toBe('9')
    await w.find('[data-testid="drill-close"]').trigger('click')
    expect(w.find('[data-testid="chart-town-drill"]').exists()).toBe(false)
    w.unmount()
  })

  it('a school type shows its figures and its failing schools from the failing list, without asking the server', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const w = mountIt('org_type', [group('primary', 'primary', '0.02', 'not_met', 2), group('junior', 'junior', '0.03', 'met')],
      [failing(1, 'primary'), failing(2, 'junior'), failing(3, 'primary')])
    await flushPromises()
    await w.find('[data-testid="chart-org_type-row-primary"]').trigger('click')
    await flushPromises()
    expect(fetch).not.toHaveBeenCalled()
    expect(w.find('[data-testid="drill-figures"]').text()).toBe('2% · 已报 3 / 应报 4 · 1 个达标，2 个未达标')
    expect(w.findAll('[data-testid="drill-orgs"] > li').map((l) => l.attributes('data-testid'))).toEqual(['drill-org-s1', 'drill-org-s3'])
    expect(w.find('[data-testid="drill-note"]').exists()).toBe(true)
    w.unmount()
  })
})
