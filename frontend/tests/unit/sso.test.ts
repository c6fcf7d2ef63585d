// Single sign-on in the SPA: the endpoint functions (src/api/sso.ts) send the paths and bodies
// openapi.yaml names, without a bearer where the caller is not signed in yet; the pending sign-in
// kept across the provider's page is read once and never sends the user off-site.
import { afterEach, describe, expect, it } from 'vitest'
import { api, type FetchLike } from '../../src/api/client'
import { appOf, fetchOwnIdentities, fetchProviders, finishLink, finishSignIn, startLink, startSignIn } from '../../src/api/sso'
import { rememberSso, takeSso } from '../../src/composables/ssoPending'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

const realFetch = api.fetchFn
const realTokens = api.tokens

function record(answer: (url: string) => unknown) {
  const calls: { method: string; url: string; auth: string | null; body: unknown }[] = []
  const f: FetchLike = async (url, init) => {
    const h = new Headers(init?.headers)
    calls.push({ method: init?.method ?? 'GET', url, auth: h.get('Authorization'), body: init?.body ? JSON.parse(String(init.body)) : undefined })
    return new Response(JSON.stringify(answer(url)), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }
  api.fetchFn = f
  api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
  return calls
}

afterEach(() => {
  api.fetchFn = realFetch
  api.tokens = realTokens
  sessionStorage.clear()
})

describe('sso endpoints', () => {
  it('lists providers and signs in without a bearer', async () => {
    const calls = record((url) => (url.endsWith('/providers') ? { providers: [{ id: 'oidc', name: '政务平台' }] } : { authorize_url: 'https://id.example/auth?x=1' }))
    expect(await fetchProviders()).toEqual([{ id: 'oidc', name: '政务平台' }])
    expect(await startSignIn('oidc')).toBe('https://id.example/auth?x=1')
    await finishSignIn('s1', 'c1')
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/auth/providers', 'POST /api/v1/auth/sso/oidc/start', 'POST /api/v1/auth/sso/callback'])
    expect(calls.every((c) => c.auth === null)).toBe(true)
    expect(calls[2].body).toEqual({ state: 's1', code: 'c1' })
  })

  it('links the caller with their bearer', async () => {
    const calls = record((url) => (url.endsWith('/start') ? { authorize_url: 'https://id.example/a' } : { items: [] }))
    await startLink('oidc')
    await finishLink('s2', 'c2')
    await fetchOwnIdentities()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v1/me/identities/start', 'POST /api/v1/me/identities', 'GET /api/v1/me/identities'])
    expect(calls[0].body).toEqual({ provider: 'oidc' })
    expect(calls[1].body).toEqual({ state: 's2', code: 'c2' })
    expect(calls.every((c) => c.auth === 'Bearer a')).toBe(true)
  })
})

describe('in the work apps', () => {
  it('asks for the in-app authorization inside WeCom and knows the apps by their browsers', async () => {
    const calls = record(() => ({ authorize_url: 'https://open.weixin.qq.com/x' }))
    await startSignIn('wecom', true)
    await startLink('wecom', true)
    expect(calls[0].url).toBe('/api/v1/auth/sso/wecom/start?in_app=1')
    expect(calls[1].body).toEqual({ provider: 'wecom', in_app: true })
    expect(appOf('Mozilla/5.0 (iPhone) AppleWebKit wxwork/4.1.20 MicroMessenger/7.0.1')).toBe('wecom')
    expect(appOf('Mozilla/5.0 (Linux; Android 13) AliApp(DingTalk/7.5.0) com.alibaba.android.rimet')).toBe('dingtalk')
    expect(appOf('Mozilla/5.0 (iPhone) Safari/604.1')).toBeNull()
  })
})

describe('pending sign-in', () => {
  it('is read once', () => {
    rememberSso({ purpose: 'link' })
    expect(takeSso()).toEqual({ purpose: 'link', next: undefined })
    expect(takeSso()).toEqual({ purpose: 'login' })
  })
  it('keeps only a same-site next page', () => {
    rememberSso({ purpose: 'login', next: '/review/3' })
    expect(takeSso().next).toBe('/review/3')
    rememberSso({ purpose: 'login', next: '//evil.example/' })
    expect(takeSso().next).toBeUndefined()
    sessionStorage.setItem('tb.sso', '{broken')
    expect(takeSso()).toEqual({ purpose: 'login' })
  })
})

describe('sso messages', () => {
  it('say every refusal the server names in both languages', () => {
    const codes = ['sso_not_linked', 'sso_state_invalid', 'sso_token_invalid', 'sso_code_invalid', 'sso_provider_unavailable', 'sso_provider_unknown', 'sso_already_linked', 'sso_identity_taken', 'account_disabled', 'sso_required']
    for (const c of codes) {
      expect((zh.sso.codes as Record<string, string>)[c]).toBeTruthy()
      expect((en.sso.codes as Record<string, string>)[c]).toBeTruthy()
    }
  })
})
