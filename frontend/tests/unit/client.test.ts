import { describe, expect, it, vi } from 'vitest'
import { createI18n } from 'vue-i18n'
import { ApiError, Client, NetworkError, type TokenStore } from '../../src/api/client'
import { errorSentence, fieldSentence } from '../../src/api/errors'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

function memTokens(access: string | null = 'a1', refresh: string | null = 'r1'): TokenStore & { a: string | null; r: string | null } {
  const s = {
    a: access,
    r: refresh,
    access: () => s.a,
    refresh: () => s.r,
    set(t: { access_token: string; refresh_token: string } | null) {
      s.a = t ? t.access_token : null
      s.r = t ? t.refresh_token : null
    },
  }
  return s
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } })

describe('API client', () => {
  it('sends the bearer token and decodes JSON', async () => {
    const f = vi.fn(async (_u: string, init?: RequestInit) => {
      expect((init!.headers as Record<string, string>).Authorization).toBe('Bearer a1')
      return json(200, { ok: 1 })
    })
    const c = new Client('/api/v1', memTokens(), f)
    expect(await c.get('/me')).toEqual({ ok: 1 })
    expect(f.mock.calls[0][0]).toBe('/api/v1/me')
  })

  it('refreshes once on 401 for concurrent requests (single flight) and retries', async () => {
    const tokens = memTokens('old', 'r1')
    let refreshes = 0
    const f = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/auth/refresh')) {
        refreshes++
        await new Promise((r) => setTimeout(r, 10))
        return json(200, { access_token: 'new', refresh_token: 'r2', expires_in: 900, user: { id: 1 } })
      }
      const auth = (init!.headers as Record<string, string>).Authorization
      return auth === 'Bearer new' ? json(200, { url }) : json(401, { code: 'invalid_token' })
    })
    const c = new Client('/api/v1', tokens, f)
    const seen: unknown[] = []
    c.onTokens = (t) => seen.push(t.user)
    const out = await Promise.all([c.get('/a'), c.get('/b'), c.get('/c')])
    expect(out).toEqual([{ url: '/api/v1/a' }, { url: '/api/v1/b' }, { url: '/api/v1/c' }])
    expect(refreshes).toBe(1)
    expect(tokens.a).toBe('new')
    expect(tokens.r).toBe('r2')
    expect(seen).toEqual([{ id: 1 }])
  })

  it('loses the session when the refresh is refused', async () => {
    const tokens = memTokens('old', 'r1')
    const f = vi.fn(async (url: string) => (url.endsWith('/auth/refresh') ? json(401, { code: 'refresh_reused' }) : json(401, { code: 'invalid_token' })))
    const c = new Client('/api/v1', tokens, f)
    const lost = vi.fn()
    c.onSessionLost = lost
    await expect(c.get('/me')).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    expect(lost).toHaveBeenCalledOnce()
    expect(tokens.r).toBeNull()
  })

  it('turns problem+json into ApiError with field errors, Retry-After and the current state', async () => {
    const c = new Client('/api/v1', memTokens(), async () =>
      json(422, { code: 'validation', errors: [{ field: 'training_spend', code: 'below_min', message: '不能小于0' }] }))
    const e = await c.put('/submissions/1', {}).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.byField()).toEqual({ training_spend: [{ field: 'training_spend', code: 'below_min', message: '不能小于0' }] })
    const c2 = new Client('/api/v1', memTokens(), async () => json(429, { code: 'account_locked' }, { 'Retry-After': '600' }))
    const e2 = await c2.post('/auth/login', {}, { noAuth: true }).catch((x) => x)
    expect(e2.retryAfter).toBe(600)
    const c3 = new Client('/api/v1', memTokens(), async () => json(409, { code: 'stale_version', current: { version: 7 } }))
    const e3 = await c3.put('/submissions/1', {}).catch((x) => x)
    expect(e3.current).toEqual({ version: 7 })
  })

  it('reports a failed fetch as a NetworkError', async () => {
    const c = new Client('/api/v1', memTokens(), async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(c.get('/tasks')).rejects.toBeInstanceOf(NetworkError)
  })
})

describe('error sentences', () => {
  const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zh, en } })
  const { t, te } = i18n.global
  const tr = (k: string, named?: Record<string, unknown>) => (named ? t(k, named) : t(k))
  const say = (e: unknown) => errorSentence(e, tr, te)

  it('never shows a raw code', () => {
    const codes = ['invalid_credentials', 'account_locked', 'password_change_required', 'stale_version', 'task_locked', 'not_editable', 'forbidden', 'internal', 'some_future_code']
    for (const code of codes) {
      const s = say(new ApiError(400, code))
      expect(s).not.toContain(code)
      expect(s.length).toBeGreaterThan(3)
    }
  })
  it('gives the lockout time in minutes from Retry-After', () => {
    expect(say(new ApiError(429, 'account_locked', { retryAfter: 600 }))).toContain('10 分钟')
  })
  it('translates field codes', () => {
    for (const code of ['required', 'invalid_type', 'below_min', 'above_max', 'too_many_decimals']) {
      expect(fieldSentence(code, tr, te)).not.toContain(code)
    }
    expect(say(new ApiError(422, 'validation', { fields: [{ field: 'x', code: 'required' }] }))).toBe('此项为必填项')
    expect(say(new NetworkError())).toContain('网络')
  })
  it('speaks English when switched', () => {
    i18n.global.locale.value = 'en'
    expect(say(new ApiError(401, 'invalid_credentials'))).toBe('Wrong username or password.')
    expect(say(new ApiError(429, 'account_locked', { retryAfter: 61 }))).toContain('2 minute')
    i18n.global.locale.value = 'zh-CN'
  })
  it('has the same keys in both languages', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
})
