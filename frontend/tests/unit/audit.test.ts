import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { api } from '../../src/api/client'
import { auditQuery, emptyAuditFilter } from '../../src/api/audit'
import type { AuditEntry, Org, Page } from '../../src/api/types'
import AuditLog from '../../src/components/AuditLog.vue'

const org = (id: number, name: string, depth: number): Org => ({ id, parent_id: depth ? 1 : null, code: 'o' + id, name, type: 'primary', ownership: 'public', town_id: null, path: '', depth, active: true })
const orgs = [org(1, '黔江区教育委员会', 0), org(3, '新华中学', 1)]
const entry = (id: number, action: string, actor_id: number | null, actor: string): AuditEntry => ({
  id, at: '2026-03-01T02:00:00Z', actor_id, actor, org_id: 3, org_name: '新华中学', action, object_type: 'submission', object_id: '12', detail: null, request_id: 'r', remote_addr: '127.0.0.1',
})
const page = (items: AuditEntry[], p = 1, total = items.length): Page<AuditEntry> => ({ items, total, page: p, page_size: 50 })

// Local calendar days, whatever the machine's time zone.
const localDay = (y: number, m: number, d: number) => new Date(y, m - 1, d).toISOString()

describe('audit filter → GET /audit query', () => {
  it('leaves blank filters out', () => {
    expect(auditQuery(emptyAuditFilter(), 1, 50)).toEqual({ page: 1, page_size: 50 })
  })
  it('sends actor, org, the trimmed action and whole local days (to is the start of the day after)', () => {
    const q = auditQuery({ actor_id: 7, org_id: 3, action: ' submission. ', from: '2026-03-01', to: '2026-03-31' }, 2, 20)
    expect(q).toEqual({ page: 2, page_size: 20, actor_id: 7, org_id: 3, action: 'submission.', from: localDay(2026, 3, 1), to: localDay(2026, 4, 1) })
  })
  it('crosses a year end', () => {
    expect(auditQuery({ ...emptyAuditFilter(), to: '2025-12-31' }, 1, 50).to).toBe(localDay(2026, 1, 1))
  })
})

describe('AuditLog', () => {
  afterEach(() => vi.restoreAllMocks())

  function mountLog(props: Record<string, unknown>, answers: Page<AuditEntry>[]) {
    const get = vi.spyOn(api, 'get')
    for (const a of answers) get.mockResolvedValueOnce(a)
    get.mockResolvedValue(page([]))
    const w = mount(AuditLog, { props, global: { plugins: [i18n, Vant] } })
    return { w, get }
  }

  it('loads the first page, then asks with what the form holds', async () => {
    const { w, get } = mountLog({ orgs, users: [{ id: 7, username: 'reviewer' }] }, [page([entry(1, 'submission.approve', 7, 'reviewer')], 1, 120)])
    await flushPromises()
    expect(get).toHaveBeenLastCalledWith('/audit', { page: 1, page_size: 50 })
    const row = w.get('[data-testid="audit-1"]')
    expect(row.text()).toContain('审核通过')
    expect(row.text()).toContain('reviewer')
    expect(row.text()).toContain('新华中学')

    await w.get('[data-testid="audit-actor"]').setValue('7')
    await w.get('[data-testid="audit-org"]').setValue('3')
    await w.get('[data-testid="audit-action"]').setValue('submission.')
    await w.get('[data-testid="audit-from"]').setValue('2026-03-01')
    await w.get('[data-testid="audit-to"]').setValue('2026-03-02')
    get.mockResolvedValueOnce(page([entry(2, 'submission.return', 7, 'reviewer')], 1, 120))
    await w.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()
    const filtered = { actor_id: 7, org_id: 3, action: 'submission.', from: localDay(2026, 3, 1), to: localDay(2026, 3, 3) }
    expect(get).toHaveBeenLastCalledWith('/audit', { page: 1, page_size: 50, ...filtered })
    expect(w.get('[data-testid="audit-2"]').text()).toContain('退回')

    // The pager keeps the filters.
    await w.get('[data-testid="audit-next"]').trigger('click')
    await flushPromises()
    expect(get).toHaveBeenLastCalledWith('/audit', { page: 2, page_size: 50, ...filtered })
  })

  it('without a user list, offers the actors of the entries it has loaded', async () => {
    const { w } = mountLog({ orgs }, [page([entry(1, 'submission.approve', 7, 'reviewer'), entry(2, 'login.success', 9, 'xhzx'), entry(3, 'user.bootstrap', null, '')])])
    await flushPromises()
    const opts = w.findAll('[data-testid="audit-actor"] option').map((o) => [o.attributes('value'), o.text()])
    expect(opts).toEqual([['0', '全部'], ['7', 'reviewer'], ['9', 'xhzx']])
    // An entry without an actor came from the command line; object types are named in words.
    expect(w.get('[data-testid="audit-3"]').text()).toContain('操作人：命令行')
    expect(w.get('[data-testid="audit-3"]').text()).toContain('对象：填报 12')
  })

  it('shows the error as a sentence and an empty result as such', async () => {
    const get = vi.spyOn(api, 'get').mockRejectedValueOnce(new Error('boom')).mockResolvedValue(page([]))
    const w = mount(AuditLog, { props: { orgs }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    expect(w.get('[data-testid="audit-error"]').text()).not.toBe('')
    await w.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()
    expect(get).toHaveBeenCalledTimes(2)
    expect(w.get('[data-testid="audit-empty"]').text()).toContain('没有符合条件的记录')
  })
})
