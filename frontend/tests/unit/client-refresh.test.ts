// The API client refreshes before it sends when the stored access token has expired, is about to,
// or is missing (a fresh tab): no request goes out with an expired token, so the server logs no 401.
import { describe, expect, it, vi } from 'vitest'
import { ApiError, Client, REFRESH_MARGIN_S, tokenExp, type FetchLike, type TokenStore } from '../../src/api/client'

/** An unsigned JWT carrying exp (the client reads only the claims; the server checks the signature). */
function jwt(exp: number | null, extra: Record<string, unknown> = {}): string {
  const b64u = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return b64u({ alg: 'HS256', typ: 'JWT' }) + '.' + b64u(exp === null ? extra : { ...extra, exp }) + '.sig'
}

function memTokens(access: string | null, refresh: string | null): TokenStore & { a: string | null; r: string | null } {
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

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

const now = () => Math.floor(Date.now() / 1000)

/** A fake server: refresh hands out `fresh`; any other path answers 401 unless it carries a token it accepts. */
function server(fresh: string, opts: { refreshStatus?: number; offline?: boolean; accept?: (auth: string | undefined) => boolean } = {}) {
  const log: { url: string; auth?: string; status: number }[] = []
  const f = vi.fn(async (url: string, init?: RequestInit) => {
    const auth = (init!.headers as Record<string, string>).Authorization
    if (url.endsWith('/auth/refresh')) {
      if (opts.offline) throw new TypeError('Failed to fetch')
      const st = opts.refreshStatus ?? 200
      log.push({ url, status: st })
      return st === 200 ? json(200, { access_token: fresh, refresh_token: 'r2', expires_in: 900, user: { id: 1 } }) : json(st, { code: 'refresh_reused' })
    }
    if (opts.offline) throw new TypeError('Failed to fetch')
    const ok = opts.accept ? opts.accept(auth) : auth === 'Bearer ' + fresh
    log.push({ url, auth, status: ok ? 200 : 401 })
    return ok ? json(200, { url }) : json(401, { code: 'invalid_token' })
  })
  return { f, log }
}

describe('tokenExp', () => {
  it('reads exp from a JWT and null from anything else', () => {
    expect(tokenExp(jwt(1700000000))).toBe(1700000000)
    expect(tokenExp(jwt(null, { sub: '1' }))).toBeNull()
    expect(tokenExp(jwt(null, { exp: 'soon' }))).toBeNull()
    expect(tokenExp('a1')).toBeNull()
    expect(tokenExp('x.%%%.y')).toBeNull()
    // base64url with - and _ and no padding
    const claims = btoa(JSON.stringify({ exp: 12345, n: '>>>???' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    expect(tokenExp('h.' + claims + '.s')).toBe(12345)
  })
})

describe('proactive refresh', () => {
  it('refreshes an expired access token before the request, which never carries it', async () => {
    const expired = jwt(now() - 60)
    const fresh = jwt(now() + 900)
    const tokens = memTokens(expired, 'r1')
    const { f, log } = server(fresh)
    const c = new Client('/api/v1', tokens, f)
    expect(await c.get('/tasks')).toEqual({ url: '/api/v1/tasks' })
    expect(log.map((l) => l.url)).toEqual(['/api/v1/auth/refresh', '/api/v1/tasks'])
    expect(log.some((l) => l.status === 401)).toBe(false)
    expect(log.some((l) => l.auth === 'Bearer ' + expired)).toBe(false)
    expect(tokens.a).toBe(fresh)
    expect(tokens.r).toBe('r2')
  })

  it('refreshes a token about to expire, and not one with time left', async () => {
    const soon = jwt(now() + REFRESH_MARGIN_S - 5)
    const fresh = jwt(now() + 900)
    const a = server(fresh)
    await new Client('/api/v1', memTokens(soon, 'r1'), a.f).get('/me')
    expect(a.log[0].url).toBe('/api/v1/auth/refresh')

    const later = jwt(now() + 600)
    const b = server(fresh, { accept: (auth) => auth === 'Bearer ' + later })
    await new Client('/api/v1', memTokens(later, 'r1'), b.f).get('/me')
    expect(b.log.map((l) => l.url)).toEqual(['/api/v1/me'])
  })

  it('refreshes first in a fresh tab that has only the refresh token', async () => {
    const fresh = jwt(now() + 900)
    const { f, log } = server(fresh)
    await new Client('/api/v1', memTokens(null, 'r1'), f).get('/me')
    expect(log.map((l) => `${l.url} ${l.status}`)).toEqual(['/api/v1/auth/refresh 200', '/api/v1/me 200'])
  })

  it('refreshes once for concurrent requests', async () => {
    const fresh = jwt(now() + 900)
    const { f, log } = server(fresh)
    const c = new Client('/api/v1', memTokens(jwt(now() - 1), 'r1'), f)
    await Promise.all([c.get('/a'), c.get('/b'), c.get('/c')])
    expect(log.filter((l) => l.url.endsWith('/auth/refresh'))).toHaveLength(1)
    expect(log.filter((l) => l.status === 401)).toHaveLength(0)
  })

  it('does not refresh again when the new token looks expired to a clock that runs ahead', async () => {
    const skewed = jwt(now() - 300) // the server's clock is 5 minutes behind ours
    const { f, log } = server(skewed)
    const c = new Client('/api/v1', memTokens(jwt(now() - 400), 'r1'), f)
    await c.get('/a')
    await c.get('/b')
    expect(log.filter((l) => l.url.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('sends nothing and loses the session when the refresh token is refused', async () => {
    const tokens = memTokens(jwt(now() - 60), 'r1')
    const { f, log } = server('unused', { refreshStatus: 401 })
    const c = new Client('/api/v1', tokens, f)
    const lost = vi.fn()
    c.onSessionLost = lost
    const e = await c.get('/tasks').catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(401)
    expect(lost).toHaveBeenCalledOnce()
    expect(log.map((l) => l.url)).toEqual(['/api/v1/auth/refresh'])
    expect(tokens.r).toBeNull()
  })

  it('keeps the session offline and still sends the request (for the service worker cache)', async () => {
    const tokens = memTokens(jwt(now() - 60), 'r1')
    const { f } = server('unused', { offline: true })
    const c = new Client('/api/v1', tokens, f)
    const lost = vi.fn()
    c.onSessionLost = lost
    await expect(c.get('/tasks')).rejects.toMatchObject({ name: 'NetworkError' })
    expect(f.mock.calls.map((x) => x[0])).toEqual(['/api/v1/auth/refresh', '/api/v1/tasks'])
    expect(lost).not.toHaveBeenCalled()
    expect(tokens.r).toBe('r1')
  })

  it('ensureAccess serves code that fetches with the token itself', async () => {
    const fresh = jwt(now() + 900)
    const tokens = memTokens(jwt(now() - 60), 'r1')
    const { f, log } = server(fresh)
    const c = new Client('/api/v1', tokens, f)
    await c.ensureAccess()
    expect(tokens.a).toBe(fresh)
    await c.ensureAccess()
    expect(log.map((l) => l.url)).toEqual(['/api/v1/auth/refresh'])
  })

  it('two tabs refreshing at once take turns, the second with the token the first received', async () => {
    // One origin: the refresh token is shared (localStorage), each tab has its own access token.
    let shared: string | null = 'r1'
    const tab = (access: string | null): TokenStore => {
      let a = access
      return { access: () => a, refresh: () => shared, set: (t) => ((a = t ? t.access_token : null), (shared = t ? t.refresh_token : null)) }
    }
    // The server rotates refresh tokens; a spent one revokes the session.
    let current = 'r1'
    let n = 0
    let revoked = false
    const f: FetchLike = async (url, init) => {
      if (url.endsWith('/auth/refresh')) {
        const rt = JSON.parse(String(init!.body)).refresh_token
        await new Promise((r) => setTimeout(r, 5))
        if (rt !== current || revoked) {
          revoked = true
          return json(401, { code: 'refresh_reused' })
        }
        current = 'r' + (++n + 1)
        return json(200, { access_token: jwt(now() + 900, { n }), refresh_token: current, expires_in: 900, user: { id: 1 } })
      }
      return json(200, {})
    }
    let held: Promise<unknown> = Promise.resolve()
    const lock = { request<T>(_name: string, cb: () => Promise<T>): Promise<T> { const p = held.then(cb); held = p.catch(() => undefined); return p } }
    const a = new Client('/api/v1', tab(null), f)
    const b = new Client('/api/v1', tab(null), f)
    a.locks = lock
    b.locks = lock
    await Promise.all([a.get('/tasks'), b.get('/me')])
    expect(revoked).toBe(false)
    expect(n).toBe(2)
    expect(shared).toBe('r3')

    // Without the lock the same race spends r3 twice and the session is gone.
    const c = new Client('/api/v1', tab(null), f)
    const d = new Client('/api/v1', tab(null), f)
    c.locks = null
    d.locks = null
    await Promise.allSettled([c.get('/tasks'), d.get('/me')])
    expect(revoked).toBe(true)
  })

  it('does not refresh for requests that carry no token (login)', async () => {
    const { f, log } = server('x', { accept: () => true })
    await new Client('/api/v1', memTokens(null, 'r1'), f).post('/auth/login', {}, { noAuth: true })
    expect(log.map((l) => l.url)).toEqual(['/api/v1/auth/login'])
  })
})
