// The Fill page renders the form version a submission is pinned to, offers the upgrade when a
// newer version exists, and lists what the upgrade dropped. The server is a fake fetch.
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { api } from '../../src/api/client'
import Fill from '../../src/views/clerk/Fill.vue'
import type { Form, Submission } from '../../src/api/types'

const v1: Form = {
  code: 'fs', version: 1, title: '家校', period_type: 'year', org_types: ['junior'],
  fields: [
    { key: 'home_visits', label: '教师家访人次', type: 'integer' },
    { key: 'meetings_held', label: '本年度召开家长会次数', type: 'integer' },
  ],
}
const v2: Form = { ...v1, version: 2, fields: [v1.fields[0], { key: 'note', label: '备注', type: 'text' }] }

function doc(over: Partial<Submission>): Submission {
  return {
    id: 7, org: { id: 1, code: 'xhzx', name: '新华中学' }, form: 'fs', form_version: 1, latest_form_version: 2, period: '2025',
    status: 'draft', version: 3, values: { home_visits: 120, meetings_held: 4 }, computed: {}, errors: [], warnings: [], hidden: [],
    comments: null, submitted_at: null, approved_at: null, updated_at: '2026-03-01T08:00:00Z', ...over,
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

function fakeServer(sub: Submission) {
  const calls: string[] = []
  const bodies: Record<string, unknown> = {}
  api.fetchFn = async (url: string, init?: RequestInit) => {
    const u = new URL(url, 'http://x')
    const key = (init?.method ?? 'GET') + ' ' + u.pathname + u.search
    calls.push(key)
    if (init?.body) bodies[key] = JSON.parse(String(init.body))
    if (key === 'GET /api/v1/submissions/7') return json(sub)
    if (key === 'GET /api/v1/forms/fs?version=1') return json(v1)
    if (key === 'GET /api/v1/forms/fs?version=2') return json(v2)
    if (key === 'GET /api/v1/forms/fs') return json(v2)
    if (key === 'POST /api/v1/submissions/7/upgrade')
      return json({ submission: doc({ form_version: 2, version: 4, values: { home_visits: 120 } }), from_form_version: 1, dropped: [{ field: 'meetings_held', code: 'removed' }] })
    return json({ code: 'not_found' }, 404)
  }
  return { calls, bodies }
}

async function mountFill() {
  const w = mount(Fill, { props: { id: '7' }, global: { plugins: [i18n, Vant], stubs: { 'router-link': true } }, attachTo: document.body })
  for (let i = 0; i < 5; i++) await flushPromises()
  return w
}

describe('Fill page and form versions', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
  })

  it('renders the pinned version, not the newest, and offers the upgrade', async () => {
    const { calls } = fakeServer(doc({}))
    const w = await mountFill()
    expect(calls).toContain('GET /api/v1/forms/fs?version=1')
    expect(calls).not.toContain('GET /api/v1/forms/fs')
    expect(w.find('[data-testid="field-meetings_held"]').exists()).toBe(true)
    expect(w.find('[data-testid="field-note"]').exists()).toBe(false)
    expect(w.find('[data-testid="upgrade-banner"]').text()).toContain('第 1 版')
    w.unmount()
  })

  it('upgrades with the loaded version and lists the dropped fields by their labels', async () => {
    const { calls, bodies } = fakeServer(doc({}))
    const w = await mountFill()
    await w.find('[data-testid="upgrade"]').trigger('click')
    await flushPromises()
    const confirm = document.querySelector('.van-dialog__confirm') as HTMLElement
    expect(confirm).toBeTruthy()
    confirm.click()
    for (let i = 0; i < 5; i++) await flushPromises()
    expect(bodies['POST /api/v1/submissions/7/upgrade']).toEqual({ version: 3 })
    expect(calls).toContain('GET /api/v1/forms/fs?version=2')
    expect(w.find('[data-testid="upgrade-banner"]').exists()).toBe(false)
    expect(w.find('[data-testid="dropped-meetings_held"]').text()).toBe('本年度召开家长会次数：新版本已删除此项')
    expect(w.find('[data-testid="field-note"]').exists()).toBe(true)
    expect(w.find('[data-testid="field-meetings_held"]').exists()).toBe(false)
    w.unmount()
  })

  it('offers no upgrade on the newest version or when the submission is not editable', async () => {
    for (const sub of [doc({ form_version: 2 }), doc({ status: 'submitted' })]) {
      fakeServer(sub)
      const w = await mountFill()
      expect(w.find('[data-testid="form-renderer"]').exists()).toBe(true)
      expect(w.find('[data-testid="upgrade-banner"]').exists()).toBe(false)
      w.unmount()
    }
  })
})
