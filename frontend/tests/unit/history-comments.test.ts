// The history keeps every return's own per-field comments: a return to the level below and a
// return to the school each show theirs, not only the latest one the submission carries.
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { api, type FetchLike } from '../../src/api/client'
import History from '../../src/views/clerk/History.vue'

const realFetch = api.fetchFn
const realTokens = api.tokens
afterEach(() => {
  api.fetchFn = realFetch
  api.tokens = realTokens
})

const form = {
  code: 'teacher-training', version: 1, title: '教师培训经费', title_en: 'Teacher training', period_type: 'year', org_types: ['senior'],
  fields: [
    { key: 'payroll_total', label: '教师工资总额', label_en: 'Payroll', type: 'money' },
    { key: 'training_spend', label: '培训经费', label_en: 'Training spend', type: 'money' },
  ],
}
const rev = (id: number, action: string, extra: Record<string, unknown> = {}) => ({
  id, version: id, action, from_status: 'submitted', to_status: 'submitted', level: null, to_level: null, actor: '审核员', actor_id: 2,
  at: '2026-03-0' + id + 'T08:00:00Z', changes: {}, ...extra,
})

function serve(): void {
  const f: FetchLike = async (url) => {
    let body: unknown = {}
    if (url.endsWith('/history')) {
      body = { items: [
        rev(1, 'submit', { from_status: 'draft', to_level: 'town' }),
        rev(2, 'return_below', { level: 'district', to_level: 'town', comment: '请学区核实', field_comments: { payroll_total: '与财务报表不一致' } }),
        rev(3, 'return', { level: 'town', to_status: 'returned', comment: '请更正', field_comments: { training_spend: '应为 25000' } }),
      ] }
    } else if (url.includes('/forms/')) {
      body = form
    } else {
      body = { id: 7, form: 'teacher-training', form_version: 1, status: 'returned', warnings: [],
        comments: { comment: '请更正', field_comments: { training_spend: '应为 25000' }, by: 3, at: '2026-03-03T08:00:00Z' } }
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }
  api.fetchFn = f
  api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
}

describe('history field comments', () => {
  it('shows each return\'s own field comments', async () => {
    serve()
    const w = mount(History, { props: { id: '7' }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    const blocks = w.findAll('[data-testid="history-field-comments"]')
    expect(blocks.length).toBe(2)
    expect(w.find('[data-testid="history-field-comment-payroll_total"]').text()).toContain('与财务报表不一致')
    expect(w.find('[data-testid="history-field-comment-payroll_total"]').text()).toContain('教师工资总额')
    expect(w.find('[data-testid="history-field-comment-training_spend"]').text()).toContain('应为 25000')
  })
})
