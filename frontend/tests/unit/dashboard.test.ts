import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import Dashboard from '../../src/views/leader/Dashboard.vue'
import { setNear } from './viewport'

function router() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/leader', name: 'leader', component: Dashboard },
      { path: '/leader/:code', name: 'indicator', component: { render: () => null } },
    ],
  })
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

async function mountWith(handler: (url: string) => Response) {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => handler(url)))
  const r = router()
  await r.push('/leader')
  await r.isReady()
  const w = mount(Dashboard, { global: { plugins: [i18n, Vant, createPinia(), r] } })
  await flushPromises()
  await flushPromises()
  return w
}

afterEach(() => vi.unstubAllGlobals())

describe('leader dashboard', () => {
  it('shows a clear state, not a crash, when the indicators API is missing', async () => {
    const w = await mountWith((url) => (url.includes('/campaigns') ? json(200, { items: [], total: 0 }) : json(404, { code: 'not_found' })))
    expect(w.find('[data-testid="indicators-unavailable"]').exists()).toBe(true)
    expect(w.text()).toContain('指标汇总服务暂不可用')
    expect(w.text()).not.toContain('not_found')
    w.unmount()
  })

  const item = (code: string, value: string | null, status: string, over: Record<string, unknown> = {}) => ({
    code, name: '指标' + code, name_en: '', section: '二(16)', unit: 'percent', form: 'teacher-training', value, numerator: null, denominator: null,
    target: { op: '>=', value: '0.015', value2: null, year: 2025 }, status, gap: status === 'not_met' ? '0.005' : null,
    reported: 3, expected: 3, completeness: '1', min_completeness: '0.9', orgs_reporting: 3, orgs_expected: 3,
    every_org: false, judged: 'each', previous: null, per_org: { passing: 2, failing: 1 }, plan: '', applies_to: 'schools', denominator_rule: '', ...over,
  })
  const campaigns = (url: string) => {
    if (url.includes('/completeness')) return json(200, { expected: 10, submitted: 4, approved: 2, returned: 1, draft: 1, not_started: 5, overdue: 0, on_time_rate: '1', by_town: [] })
    return json(200, { items: [{ id: 1, form: 'teacher-training', period: '2025', title: '2025 培训', deadline: '2999-01-01T00:00:00Z', org_id: 1, org_types: [], task_count: 10 }], total: 1 })
  }

  it('names the period and basis in the address once, and navigates no more while they stay the same', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (url.includes('/campaigns') ? json(200, { items: [], total: 0 }) : json(200, { period: '2025', basis: 'approved', as_of: null, items: [] }))))
    const r = router()
    const replace = vi.spyOn(r, 'replace')
    await r.push('/leader?period=2025&basis=approved')
    await r.isReady()
    const w = mount(Dashboard, { global: { plugins: [i18n, Vant, createPinia(), r] } })
    await flushPromises()
    // Opened from a link that names both: the board loads them without touching the address.
    expect(replace).not.toHaveBeenCalled()
    await w.find('[data-testid="basis-all"]').trigger('click')
    await flushPromises()
    expect(replace).toHaveBeenCalledTimes(1)
    expect(r.currentRoute.value.query).toEqual({ period: '2025', basis: 'all' })
    w.unmount()
  })

  it('a campaign list answering after the reader left the board does not re-address the screen they went to', async () => {
    // The list names a newer year than the board first shows, but arrives only after a tap on another tab.
    let answer: () => void = () => {}
    const late = new Promise<void>((r) => (answer = r))
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      if (url.includes('/campaigns')) {
        await late
        return json(200, { items: [{ id: 1, form: 'teacher-training', period: '2999', title: 't', deadline: '2999-01-01T00:00:00Z', org_id: 1, org_types: [], task_count: 1 }], total: 1 })
      }
      return json(200, { period: '2025', basis: 'approved', as_of: null, items: [] })
    }))
    const r = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/leader', name: 'leader', component: Dashboard },
        { path: '/measures', name: 'measures', component: { render: () => null } },
      ],
    })
    await r.push('/leader')
    await r.isReady()
    const w = mount({ template: '<router-view />' }, { global: { plugins: [i18n, Vant, createPinia(), r] } })
    await flushPromises()
    await r.push('/measures')
    await flushPromises()
    answer()
    await flushPromises()
    await flushPromises()
    expect(r.currentRoute.value.fullPath).toBe('/measures')
    w.unmount()
  })

  it('renders every indicator with value, target, progress, completeness and status', async () => {
    const w = await mountWith((url) => {
      if (url.includes('/campaigns')) return campaigns(url)
      return json(200, { period: '2025', basis: 'approved', as_of: null, items: [
        item('a', '0.02', 'met'), item('b', '0.01', 'not_met'),
        item('c', '0.02', 'insufficient_data', { reported: 5, expected: 70, completeness: '0.0714' }),
      ] })
    })
    expect(w.findAll('[data-testid^="ind-status-"]').length).toBe(3)
    expect(w.find('[data-testid="ind-value-a"]').text()).toBe('2%')
    expect(w.find('[data-testid="ind-b"]').attributes('data-status')).toBe('not_met')
    expect(w.find('[data-testid="ind-b"] [role="progressbar"]').attributes('aria-valuenow')).toBe('67')
    expect(w.find('[data-testid="campaign-teacher-training"]').text()).toContain('4')
    // Completeness on every card.
    expect(w.findAll('[data-testid^="ind-completeness-"]').length).toBe(3)
    expect(w.find('[data-testid="ind-completeness-a"]').text()).toContain('已报 3 / 应报 3')
    expect(w.find('[data-testid="status-overview"]').text()).toBe('1 项达标，1 项未达标，1 项数据不足')
    await w.find('[data-testid="filter-not-met"]').trigger('click')
    expect(w.findAll('[data-testid^="ind-status-"]').length).toBe(1)
    await w.find('[data-testid="filter-insufficient"]').trigger('click')
    expect(w.findAll('[data-testid^="ind-status-"]').map((x) => x.attributes('data-testid'))).toEqual(['ind-status-c'])
    w.unmount()
  })

  it('an insufficient card says so with reported/expected, shows the value as provisional and gives no verdict', async () => {
    const w = await mountWith((url) => (url.includes('/campaigns') ? campaigns(url)
      : json(200, { period: '2025', basis: 'approved', as_of: null, items: [item('c', '0.0166', 'insufficient_data', { reported: 5, expected: 70, completeness: '0.0714', min_completeness: '1' })] })))
    const card = w.find('[data-testid="ind-c"]')
    expect(card.attributes('data-status')).toBe('insufficient_data')
    expect(card.classes()).toContain('tone-insufficient')
    expect(w.find('[data-testid="ind-headline-c"]').text()).toBe('数据不足：已报 5 / 应报 70')
    expect(w.find('[data-testid="ind-status-c"]').text()).toContain('数据不足')
    expect(w.find('[data-testid="ind-value-c"]').attributes('data-provisional')).toBe('true')
    expect(w.find('[data-testid="ind-provisional-c"]').text()).toBe('暂估')
    const comp = w.find('[data-testid="ind-completeness-c"]')
    expect(comp.text()).toContain('已报 5 / 应报 70')
    expect(comp.text()).toContain('需全部上报方可评判')
    expect(comp.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('7')
    // No verdict on the indicator; the schools already failing are facts and say "so far".
    expect(w.find('[data-testid="ind-headline-c"]').text()).not.toMatch(/已达标|未达标/)
    expect(w.find('[data-testid="ind-status-c"]').text()).not.toMatch(/已达标|未达标/)
    expect(w.find('[data-testid="ind-failing-link-c"]').text()).toContain('已报学校中 1 所未达标')
    w.unmount()
  })

  it('a target for every school with a failing school names the count and links to the list', async () => {
    const w = await mountWith((url) => (url.includes('/campaigns') ? campaigns(url)
      : json(200, { period: '2025', basis: 'approved', as_of: null, items: [item('t', '0.0166', 'not_met', { every_org: true, per_org: { passing: 69, failing: 1 }, reported: 70, expected: 70, gap: '0' })] })))
    expect(w.find('[data-testid="ind-headline-t"]').text()).toBe('全区 1.66%，1 所学校未达标')
    const link = w.find('[data-testid="ind-failing-link-t"]')
    expect(link.text()).toContain('查看 1 所未达标学校')
    expect(link.attributes('href')).toBe('/leader/t?period=2025&basis=approved#failing')
    w.unmount()
  })

  it('draws the cards only as far as the reader can reach, and the reporting progress only when near it', async () => {
    setNear(false) // a phone: the end of the board is screens away
    const asked: string[] = []
    const w = await mountWith((url) => {
      asked.push(url)
      if (url.includes('/campaigns')) return campaigns(url)
      return json(200, { period: '2025', basis: 'approved', as_of: null, items: Array.from({ length: 12 }, (_, i) => item('k' + i, '0.02', 'met')) })
    })
    await new Promise((r) => setTimeout(r, 20))
    await flushPromises()
    // The first screenful (three cards on a phone); the other nine keep their place; no counts asked for yet.
    expect(w.findAll('[data-testid="indicator-list"] > li')).toHaveLength(3)
    expect(w.find('[data-testid="indicator-more"]').attributes('style')).toContain(`height: ${9 * 184}px`)
    expect(w.find('[data-testid="completeness"]').exists()).toBe(false)
    expect(asked.some((u) => u.includes('/completeness'))).toBe(false)
    // The reader scrolls down: the rest come a card a task, then the progress and its counts.
    setNear(true)
    await vi.waitFor(() => expect(w.findAll('[data-testid="indicator-list"] > li')).toHaveLength(12))
    expect(w.find('[data-testid="indicator-more"]').exists()).toBe(false)
    await flushPromises()
    expect(asked.some((u) => u.includes('/campaigns/1/completeness'))).toBe(true)
    await vi.waitFor(() => expect(w.find('[data-testid="campaign-teacher-training"]').text()).toContain('4'))
    w.unmount()
  })
})
