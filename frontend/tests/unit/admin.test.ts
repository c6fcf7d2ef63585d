import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { api } from '../../src/api/client'
import { createCampaign, fetchUsers, type ImportPreview } from '../../src/api/admin'
import type { Campaign, FormSummary, Org, Page } from '../../src/api/types'
import AdminImport from '../../src/components/admin/AdminImport.vue'
import AdminCampaigns from '../../src/components/admin/AdminCampaigns.vue'

afterEach(() => vi.restoreAllMocks())

describe('admin endpoint functions', () => {
  it('GET /users leaves out an empty role and org, and sends the search', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue({ items: [], total: 0, page: 1, page_size: 20 })
    await fetchUsers({ q: '1380', role: '', org_id: 0, page: 2, page_size: 20 })
    expect(get).toHaveBeenCalledWith('/users', { q: '1380', org_id: undefined, role: undefined, page: 2, page_size: 20 })
  })
  it('POST /campaigns sends the subtree and types, and leaves types out when none is ticked (the form\'s own)', async () => {
    const post = vi.spyOn(api, 'post').mockResolvedValue({})
    await createCampaign({ form: 'compulsory', period: '2026', title: '', deadline: 'D', org_id: 32, org_types: ['primary'] })
    expect(post).toHaveBeenLastCalledWith('/campaigns', { form: 'compulsory', period: '2026', title: '', deadline: 'D', org_id: 32, org_types: ['primary'] })
    await createCampaign({ form: 'compulsory', period: '2026', title: '', deadline: 'D', org_id: 0, org_types: [] })
    expect(post).toHaveBeenLastCalledWith('/campaigns', { form: 'compulsory', period: '2026', title: '', deadline: 'D', org_id: undefined, org_types: undefined })
  })
})

const preview = (errors: ImportPreview['errors']): ImportPreview => ({
  kind: 'users', valid: errors.length === 0, total: 2, columns: ['username', 'display_name', 'phone', 'org_code', 'role'],
  rows: [
    { row: 0, line: 2, values: { username: 'a1', display_name: '甲', phone: '13800000001', org_code: 'xhzx', role: 'filler' } },
    { row: 1, line: 3, values: { username: 'b2', display_name: '乙', phone: '13x', org_code: 'xhzx', role: 'filler' } },
  ],
  errors,
})

async function pick(w: ReturnType<typeof mount>, name: string) {
  const input = w.get('[data-testid="import-file"]')
  Object.defineProperty(input.element, 'files', { value: [new File(['x'], name, { type: 'text/csv' })], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('AdminImport', () => {
  it('marks exactly the bad rows with their column and problem, and imports only a clean file', async () => {
    const request = vi.spyOn(api, 'request')
    request.mockResolvedValueOnce(preview([{ row: 1, line: 3, column: 'phone', code: 'invalid_phone', message: 'line 3: phone must be digits' }]))
    const w = mount(AdminImport, { props: { canImportOrgs: true }, global: { plugins: [i18n, Vant] } })
    await pick(w, 'users.csv')
    expect(request).toHaveBeenLastCalledWith('POST', '/imports/users/preview', expect.objectContaining({ raw: expect.any(FormData) }))
    expect(w.get('[data-testid="import-row-3"]').classes()).toContain('bad')
    expect(w.get('[data-testid="import-row-2"]').classes()).not.toContain('bad')
    expect(w.get('[data-testid="import-error-3-phone"]').text()).toBe('手机号：手机号只能包含数字')
    expect(w.get('[data-testid="import-summary"]').text()).toContain('1 行有问题')
    expect(w.get('[data-testid="import-commit"]').attributes('disabled')).toBeDefined()

    // The fixed file: clean, so it can be imported.
    request.mockResolvedValueOnce(preview([]))
    await pick(w, 'users.csv')
    const commit = w.get('[data-testid="import-commit"]')
    expect(commit.attributes('disabled')).toBeUndefined()
    request.mockResolvedValueOnce({ created: 2, items: [] })
    await commit.trigger('click')
    await flushPromises()
    expect(request).toHaveBeenLastCalledWith('POST', '/imports/users', expect.objectContaining({ raw: expect.any(FormData) }))
    expect(w.emitted('changed')?.[0]).toEqual(['已导入 2 行', 'users'])
    expect(w.find('[data-testid="import-preview"]').exists()).toBe(false)
  })

  it('previews an orgs file when orgs are chosen, and never offers orgs to an org admin', async () => {
    const request = vi.spyOn(api, 'request').mockResolvedValue(preview([]))
    const w = mount(AdminImport, { props: { canImportOrgs: true }, global: { plugins: [i18n, Vant] } })
    await w.get('[data-testid="import-kind-orgs"]').setValue(true)
    await pick(w, 'orgs.xlsx')
    expect(request).toHaveBeenLastCalledWith('POST', '/imports/orgs/preview', expect.anything())
    expect(w.get('[data-testid="import-template-xlsx"]').attributes('href')).toBe('/api/v1/imports/templates/orgs.xlsx')
    const oa = mount(AdminImport, { props: { canImportOrgs: false }, global: { plugins: [i18n, Vant] } })
    expect(oa.find('[data-testid="import-kind-orgs"]').exists()).toBe(false)
    await pick(oa, 'users.csv')
    expect(request).toHaveBeenLastCalledWith('POST', '/imports/users/preview', expect.anything())
  })
})

const org = (id: number, name: string, depth: number, type: string, children: Org[] = []): Org =>
  ({ id, parent_id: depth ? 1 : null, code: 'o' + id, name, type, ownership: 'public', town_id: null, path: '', depth, demo: false, active: true, updated_at: '', children } as unknown as Org)

describe('AdminCampaigns', () => {
  const school = org(3, '城南小学', 2, 'primary')
  const town = org(2, '城南街道', 1, 'town', [school as never])
  const root = org(1, '黔江区教育委员会', 0, 'bureau', [town as never])
  const forms = [{ code: 'compulsory', version: 1, title: '义务教育', period_type: 'year', org_types: ['primary', 'junior'], plan_section: '', fields: 3 }] as FormSummary[]
  const camp = (c: Partial<Campaign>): Campaign => ({ id: 1, form: 'compulsory', form_version: 1, period: '2026', title: 'T', deadline: '2026-12-31T00:00:00Z',
    org_id: 2, org_name: '城南街道', org_types: ['primary'], task_count: 2, created_at: '', ...c }) as Campaign

  it('shows each campaign\'s target, and opens one for a town\'s ticked types', async () => {
    const list: Page<Campaign> = { items: [camp({}), camp({ id: 2, org_name: '', org_types: ['primary', 'junior'] })], total: 2, page: 1, page_size: 100 }
    vi.spyOn(api, 'get').mockResolvedValue(list)
    const post = vi.spyOn(api, 'post').mockResolvedValue(camp({ id: 3, title: 'N', task_count: 2 }))
    const w = mount(AdminCampaigns, { props: { flat: [root, town, school], forms, canWrite: true }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    const targets = w.findAll('[data-testid="campaign-target"]').map((x) => x.text())
    expect(targets).toEqual(['城南街道 · 小学', '上级单位 · 小学、初中'])
    // Only orgs with orgs under them are offered as a target; the form's types are the choices.
    expect(w.findAll('[data-testid="camp-org"] option').map((o) => o.text().trim())).toEqual(['黔江区教育委员会', '城南街道'])
    expect(w.findAll('[data-testid="camp-types"] input').map((i) => (i.element as HTMLInputElement).value)).toEqual(['primary', 'junior'])
    expect(w.get('[data-testid="camp-target-preview"]').text()).toContain('黔江区教育委员会 · 小学、初中')
    await w.get('[data-testid="camp-org"]').setValue('2')
    await w.get('[data-testid="camp-type-primary"]').setValue(true)
    expect(w.get('[data-testid="camp-target-preview"]').text()).toContain('城南街道 · 小学')
    await w.get('[data-testid="camp-period"]').setValue('2026')
    await w.get('[data-testid="camp-deadline"]').setValue('2026-12-31')
    await w.get('[data-testid="camp-new"]').trigger('submit')
    await flushPromises()
    expect(post).toHaveBeenCalledWith('/campaigns', expect.objectContaining({ form: 'compulsory', period: '2026', org_id: 2, org_types: ['primary'] }))
    expect(w.emitted('changed')?.[0]?.[0]).toContain('N')
  })

  it("changes an open campaign's review levels, bottom-up, and says so", async () => {
    vi.spyOn(api, 'get').mockResolvedValue({ items: [camp({ review_levels: ['town', 'district'] })], total: 1, page: 1, page_size: 100 })
    const put = vi.spyOn(api, 'put').mockResolvedValue(camp({ review_levels: ['district'] }))
    const w = mount(AdminCampaigns, { props: { flat: [root, town, school], forms, canWrite: true }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    expect(w.get('[data-testid="campaign-levels-1"]').text()).toBe('审核：学区 → 区教委')
    const edit = w.get('[data-testid="campaign-levels-edit-1"]')
    // Nothing changed yet: nothing to save.
    expect(edit.get('[data-testid="campaign-levels-save-1"]').attributes('disabled')).toBeDefined()
    expect((edit.get('[data-testid="campaign-1-level-town"]').element as HTMLInputElement).checked).toBe(true)
    await edit.get('[data-testid="campaign-1-level-town"]').setValue(false)
    await edit.get('[data-testid="campaign-1-level-school"]').setValue(true)
    await edit.get('[data-testid="campaign-1-level-school"]').setValue(false)
    expect(edit.text()).toContain('已提交的报表按提交时的层级继续审核')
    await edit.get('form').trigger('submit')
    await flushPromises()
    expect(put).toHaveBeenCalledWith('/campaigns/1/review-levels', { review_levels: ['district'] })
    expect(w.emitted('changed')?.[0]?.[0]).toBe('T：审核：区教委')
  })

  it('hides the levels editor from a caller who cannot open campaigns', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({ items: [camp({})], total: 1, page: 1, page_size: 100 })
    const w = mount(AdminCampaigns, { props: { flat: [root, town, school], forms, canWrite: false }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    expect(w.find('[data-testid="campaign-levels-edit-1"]').exists()).toBe(false)
  })
})
