import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import Dashboard from '../../src/views/leader/Dashboard.vue'

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

  it('renders every indicator with value, target, progress and status', async () => {
    const item = (code: string, value: string | null, status: string) => ({
      code, name: '指标' + code, section: '二(16)', unit: 'percent', value, numerator: null, denominator: null,
      target: { op: '>=', value: '0.015', value2: null, year: 2025 }, status, gap: status === 'not_met' ? '0.005' : null,
      orgs_reporting: 3, orgs_expected: 10, per_org: { passing: 2, failing: 1 },
    })
    const w = await mountWith((url) => {
      if (url.includes('/completeness')) return json(200, { expected: 10, submitted: 4, approved: 2, returned: 1, draft: 1, not_started: 5, overdue: 0, on_time_rate: '1', by_town: [] })
      if (url.includes('/campaigns')) return json(200, { items: [{ id: 1, form: 'teacher-training', period: '2025', title: '2025 培训', deadline: '2999-01-01T00:00:00Z', org_id: 1, org_types: [], task_count: 10 }], total: 1 })
      return json(200, { period: '2025', basis: 'approved', as_of: null, items: [item('a', '0.02', 'met'), item('b', '0.01', 'not_met'), item('c', null, 'no_data')] })
    })
    expect(w.findAll('[data-testid^="ind-status-"]').length).toBe(3)
    expect(w.find('[data-testid="ind-value-a"]').text()).toBe('2%')
    expect(w.find('[data-testid="ind-b"]').attributes('data-status')).toBe('not_met')
    expect(w.find('[data-testid="ind-b"] [role="progressbar"]').attributes('aria-valuenow')).toBe('67')
    expect(w.find('[data-testid="campaign-teacher-training"]').text()).toContain('4')
    await w.find('[data-testid="filter-not-met"]').trigger('click')
    expect(w.findAll('[data-testid^="ind-status-"]').length).toBe(1)
    w.unmount()
  })
})
