import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { answerNotice } from '../../src/api/supervision'
import IssueNotice from '../../src/views/supervision/IssueNotice.vue'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

function reply(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
const notice = { id: 5, org_id: 42, status: 'answered', version: 2 }

afterEach(() => vi.unstubAllGlobals())

describe('supervision', () => {
  it('has every message in both languages', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    expect(keys(en.supervision).sort()).toEqual(keys(zh.supervision).sort())
  })

  it('sends an answer with files as multipart, without as JSON', async () => {
    const sent: { url: string; body: unknown; type: string | null }[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      sent.push({ url, body: init?.body, type: new Headers(init?.headers).get('Content-Type') })
      return reply(notice)
    }))
    await answerNotice(5, { version: 1, text: '已整改' }, [{ file: new File(['%PDF-1.4'], '报告.pdf', { type: 'application/pdf' }), name: '报告.pdf' }])
    await answerNotice(5, { version: 1, text: '已整改' }, [])
    expect(sent[0].url).toContain('/notices/5/answer')
    const fd = sent[0].body as FormData
    expect(fd).toBeInstanceOf(FormData)
    expect(fd.get('text')).toBe('已整改')
    expect(fd.get('version')).toBe('1')
    expect((fd.getAll('files')[0] as File).name).toBe('报告.pdf')
    expect(sent[1].type).toContain('application/json')
    expect(JSON.parse(String(sent[1].body))).toEqual({ version: 1, text: '已整改' })
  })

  it('offers the detected lapses as reasons and issues the notice for the picked one', async () => {
    const calls: { method: string; url: string; body?: string }[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ method: init?.method ?? 'GET', url, body: init?.body as string | undefined })
      if (url.includes('/notices/candidates')) {
        return reply({ items: [
          { reason: 'returned_untouched', org_id: 42, org_code: 'wlzx', org_name: '武陵中学', form_code: 'teacher-training', period: '2025', submission_id: 9, since: '2026-01-01T00:00:00Z', days: 12 },
          { reason: 'task_overdue', org_id: 43, org_code: 'xhzx', org_name: '新华中学', form_code: 'students', period: '2025', submission_id: null, since: '2026-01-05T00:00:00Z', days: 8 },
        ] })
      }
      if (url.includes('/measures')) return reply({ items: [], total: 0 })
      if (init?.method === 'POST') return reply({ id: 77 }, 201)
      return reply({})
    }))
    const pinia = createPinia()
    setActivePinia(pinia)
    const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/notices/new', component: IssueNotice }, { path: '/notices/:id', name: 'notice', component: { template: '<p/>' } }] })
    await r.push('/notices/new')
    const w = mount(IssueNotice, { global: { plugins: [i18n, Vant, pinia, r] } })
    await flushPromises()
    const opts = w.findAll('[data-testid="nf-candidate"] option')
    expect(opts).toHaveLength(3)
    expect(opts[1].text()).toContain('武陵中学')
    await w.find('[data-testid="nf-candidate"]').setValue('1')
    await flushPromises()
    expect((w.find('[data-testid="nf-org"]').element as HTMLSelectElement).value).toBe('43')
    expect((w.find('[data-testid="nf-reason"]').element as HTMLSelectElement).value).toBe('task_overdue')
    expect((w.find('[data-testid="nf-title"]').element as HTMLInputElement).value).toContain('students')
    await w.find('[data-testid="notice-form"]').trigger('submit')
    await flushPromises()
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.url).toMatch(/\/notices$/)
    const body = JSON.parse(post?.body ?? '{}')
    expect(body).toMatchObject({ org_id: 43, reason: 'task_overdue', subject: 'students:2025', measure: null })
    // A longer wait for a returned form asks the server again with that many days.
    await w.find('[data-testid="nf-days"]').setValue('30')
    await w.find('[data-testid="nf-days"]').trigger('change')
    await flushPromises()
    expect(calls.some((c) => c.url.includes('/notices/candidates') && c.url.includes('days=30'))).toBe(true)
  })
})
