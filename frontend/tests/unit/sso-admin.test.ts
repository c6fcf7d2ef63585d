// An administrator's single sign-on screens: the endpoint functions send the paths, methods and
// bodies openapi.yaml names with the bearer; the user's identities are shown per provider with a
// link field or an unlink, and a refusal is said in this screen's words.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { api, ApiError, type FetchLike } from '../../src/api/client'
import { fetchOrgSignIn, fetchUserIdentities, linkUserIdentity, setOrgSignIn, unlinkUserIdentity } from '../../src/api/sso'
import type { User } from '../../src/api/types'
import UserIdentities from '../../src/components/admin/UserIdentities.vue'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

const realFetch = api.fetchFn
const realTokens = api.tokens

function record(answer: (method: string, url: string) => { status: number; body?: unknown }) {
  const calls: { method: string; url: string; auth: string | null; body: unknown }[] = []
  const f: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET'
    calls.push({ method, url, auth: new Headers(init?.headers).get('Authorization'), body: init?.body ? JSON.parse(String(init.body)) : undefined })
    const a = answer(method, url)
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status, headers: { 'Content-Type': 'application/json' } })
  }
  api.fetchFn = f
  api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
  return calls
}

afterEach(() => {
  api.fetchFn = realFetch
  api.tokens = realTokens
  vi.restoreAllMocks()
})

describe('admin sso endpoints', () => {
  it('lists, links and unlinks a user\'s identities with the bearer', async () => {
    const ident = { id: 9, user_id: 5, provider: 'oidc', subject: '13800000001', created_at: '2026-01-02T03:04:05Z' }
    const calls = record((m) => (m === 'DELETE' ? { status: 204 } : m === 'POST' ? { status: 201, body: ident } : { status: 200, body: { items: [ident] } }))
    expect(await fetchUserIdentities(5)).toEqual([ident])
    expect(await linkUserIdentity(5, 'oidc', '13800000001')).toEqual(ident)
    expect(await unlinkUserIdentity(5, 9)).toBeUndefined()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/users/5/identities', 'POST /api/v1/users/5/identities', 'DELETE /api/v1/users/5/identities/9'])
    expect(calls[1].body).toEqual({ provider: 'oidc', subject: '13800000001' })
    expect(calls.every((c) => c.auth === 'Bearer a')).toBe(true)
  })

  it('reads and sets an org\'s sign-in policy', async () => {
    const calls = record((m) => ({ status: 200, body: { sso_required: m === 'PUT' } }))
    expect(await fetchOrgSignIn(12)).toBe(false)
    expect(await setOrgSignIn(12, true)).toBe(true)
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/orgs/12/sign-in', 'PUT /api/v1/orgs/12/sign-in'])
    expect(calls[1].body).toEqual({ sso_required: true })
  })
})

const user: User = { id: 5, username: 'xhzx', display_name: '新华', org_id: 3, org_name: '新华中学', roles: [], status: 'active' } as unknown as User

describe('UserIdentities', () => {
  it('shows the linked identity of a provider with an unlink, and a link field for the other', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({ items: [{ id: 9, user_id: 5, provider: 'oidc', subject: 'S-1', created_at: '2026-01-02T03:04:05Z' }] })
    const w = mount(UserIdentities, { props: { user, providers: [{ id: 'oidc', name: '政务平台' }, { id: 'wecom', name: '企业微信' }] }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    expect(w.get('[data-testid="ids-subject-oidc"]').text()).toContain('S-1')
    expect(w.find('[data-testid="ids-unlink-oidc"]').exists()).toBe(true)
    expect(w.find('[data-testid="ids-link-oidc"]').exists()).toBe(false)
    expect(w.find('[data-testid="ids-link-wecom"]').exists()).toBe(true)
    expect(w.find('[data-testid="ids-unlink-wecom"]').exists()).toBe(false)
  })

  it('says an identity taken by another account in this screen\'s words', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({ items: [] })
    const post = vi.spyOn(api, 'post').mockRejectedValue(new ApiError(409, 'sso_identity_taken'))
    const w = mount(UserIdentities, { props: { user, providers: [{ id: 'oidc', name: '政务平台' }] }, global: { plugins: [i18n, Vant] } })
    await flushPromises()
    await w.get('[data-testid="ids-subject-input-oidc"]').setValue(' S-2 ')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(post).toHaveBeenCalledWith('/users/5/identities', { provider: 'oidc', subject: 'S-2' })
    expect(w.get('[data-testid="ids-error"]').text()).toBe(zh.ssoAdmin.codes.sso_identity_taken)
    expect(w.emitted('changed')).toBeUndefined()
  })

  it('has every string in both languages', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    expect(keys(en.ssoAdmin)).toEqual(keys(zh.ssoAdmin))
  })
})
