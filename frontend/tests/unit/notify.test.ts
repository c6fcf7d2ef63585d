import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { orgPatch, plainText, type InboxItem } from '../../src/api/notify'
import { useInbox } from '../../src/stores/notify'
import Inbox from '../../src/views/inbox/Inbox.vue'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

const item = (id: number, read = false): InboxItem => ({ id, rule: 'returned', title: '【退回】教师培训经费情况（2025）已被退回', body: '**新华中学**：请修改', link: '/fill/' + id, read, read_at: read ? '2026-03-01T08:00:00Z' : null, created_at: '2026-03-01T08:00:00Z' })

function reply(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => vi.unstubAllGlobals())

describe('notification helpers', () => {
  it('drops Markdown marks from a body', () => {
    expect(plainText('**武陵中学**：将于 3 月 4 日截止')).toBe('武陵中学：将于 3 月 4 日截止')
    expect(plainText('### 标题\n正文')).toBe('标题\n正文')
  })
  it('sends only what the robot form changed; blank keeps, clear empties', () => {
    const form = { wecom_url: ' https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k ', dingtalk_url: '', dingtalk_secret: '', lang: 'zh-CN' as const }
    expect(orgPatch(form, { wecom: false, dingtalk: false })).toEqual({ lang: 'zh-CN', wecom_url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' })
    expect(orgPatch({ ...form, wecom_url: '' }, { wecom: false, dingtalk: true })).toEqual({ lang: 'zh-CN', dingtalk_url: '', dingtalk_secret: '' })
    expect(orgPatch({ ...form, wecom_url: 'x' }, { wecom: true, dingtalk: false })).toEqual({ lang: 'zh-CN', wecom_url: '' })
  })
  it('has every message in both languages', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    expect(keys(en.notify).sort()).toEqual(keys(zh.notify).sort())
  })
})

describe('inbox', () => {
  it('lists the items, marks one read and the badge count follows', async () => {
    const calls: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      calls.push((init?.method ?? 'GET') + ' ' + url)
      if (url.includes('/inbox/7/read')) return reply({ unread: 1 })
      return reply({ items: [item(7), item(8), item(9, true)], total: 3, page: 1, page_size: 20, unread: 2 })
    }))
    const pinia = createPinia()
    setActivePinia(pinia)
    const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Inbox }, { path: '/fill/:id', component: { template: '<p>fill</p>' } }, { path: '/settings/notifications', name: 'notify-settings', component: { template: '<p/>' } }] })
    await r.push('/')
    const w = mount(Inbox, { global: { plugins: [i18n, Vant, pinia, r] } })
    await flushPromises()
    const store = useInbox()
    expect(store.unread).toBe(2)
    expect(w.find('[data-testid="inbox-unread"]').text()).toContain('2')
    expect(w.findAll('li')).toHaveLength(3)
    expect(w.find('[data-testid="inbox-read-9"]').exists()).toBe(false)
    expect(w.find('[data-testid="inbox-item-7"]').text()).not.toContain('**')
    await w.find('[data-testid="inbox-read-7"]').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.startsWith('POST') && c.includes('/inbox/7/read'))).toBe(true)
    expect(store.unread).toBe(1)
    expect(w.find('[data-testid="inbox-read-7"]').exists()).toBe(false)
  })
})

describe('notify messages', () => {
  it('compile in both languages (no stray @, | or braces)', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    for (const lang of ['zh-CN', 'en'] as const) {
      i18n.global.locale.value = lang
      for (const k of keys(zh.notify)) expect(() => i18n.global.t('notify.' + k, { n: 1, org: 'x' })).not.toThrow()
    }
    expect(i18n.global.t('notify.emailPh')).toBe('name@example.edu.cn')
    i18n.global.locale.value = 'zh-CN'
  })
})
