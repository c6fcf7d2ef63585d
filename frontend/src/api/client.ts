// The one typed API client: bearer token, refreshed before it expires (and single-flight on a 401),
// problem+json errors.
import type { components } from './schema'
export interface FieldError { field: string; code: string; message?: string }

export class ApiError extends Error {
  status: number
  code: string
  fields: FieldError[]
  retryAfter: number | null
  current: unknown
  warnings: unknown
  /** On an edit_conflict 409: the fields both sides changed, and the merge of everything else. */
  conflicts: unknown
  merged: unknown
  constructor(status: number, code: string, opts: Partial<Pick<ApiError, 'fields' | 'retryAfter' | 'current' | 'warnings' | 'conflicts' | 'merged'>> & { detail?: string } = {}) {
    super(opts.detail || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = opts.fields ?? []
    this.retryAfter = opts.retryAfter ?? null
    this.current = opts.current
    this.warnings = opts.warnings
    this.conflicts = opts.conflicts
    this.merged = opts.merged
  }
  /** The per-field error codes keyed by field path. */
  byField(): Record<string, FieldError[]> {
    const out: Record<string, FieldError[]> = {}
    for (const f of this.fields) (out[f.field] ??= []).push(f)
    return out
  }
}

/** A request that never reached the server (offline, DNS, aborted). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('network')
    this.name = 'NetworkError'
    this.cause = cause
  }
}

/** The answer of login, refresh and password change: a token pair and the user. */
export type Tokens = components['schemas']['Tokens']

export interface TokenStore {
  access(): string | null
  refresh(): string | null
  set(t: { access_token: string; refresh_token: string } | null): void
}

const REFRESH_KEY = 'tb.refresh'
const ACCESS_KEY = 'tb.access'

export const browserTokens: TokenStore = {
  access: () => sessionStorage.getItem(ACCESS_KEY),
  refresh: () => localStorage.getItem(REFRESH_KEY),
  set(t) {
    if (!t) {
      sessionStorage.removeItem(ACCESS_KEY)
      localStorage.removeItem(REFRESH_KEY)
      return
    }
    sessionStorage.setItem(ACCESS_KEY, t.access_token)
    localStorage.setItem(REFRESH_KEY, t.refresh_token)
  },
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>
  body?: unknown
  /** Raw body (FormData, YAML text); sent as is. */
  raw?: BodyInit
  contentType?: string
  /** Do not try a refresh on 401 (login, refresh itself). */
  noAuth?: boolean
  signal?: AbortSignal
}

/** The fields of an application/problem+json answer that the client reads (all optional: a proxy's error page has none). */
interface ProblemBody { code?: string; detail?: string; errors?: unknown; current?: unknown; warnings?: unknown; conflicts?: unknown; merged?: unknown }

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** The part of the Web Locks API (navigator.locks) the refresh uses: run cb holding the named lock. */
export interface RefreshLock { request<T>(name: string, cb: () => Promise<T>): Promise<T> }

export class Client {
  base: string
  tokens: TokenStore
  fetchFn: FetchLike
  /** Called when the session cannot be refreshed: the app goes to the login page. */
  onSessionLost: (() => void) | null = null
  /** Called with every new token pair (login, refresh, password change). */
  onTokens: ((t: Tokens) => void) | null = null
  private refreshing: Promise<boolean> | null = null
  /** The access token the last refresh returned (see accessStale). */
  private freshAccess: string | null = null
  /**
   * Serialises refreshes across this origin's tabs (the Web Locks API where the browser has it). The
   * refresh token is shared (localStorage) and rotated on every use; two tabs refreshing at once would
   * spend the same one twice, which the server takes for a stolen token and ends the session. Inside
   * the lock a tab reads the refresh token again, so the second one uses the token the first received.
   */
  locks: RefreshLock | null = typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks as unknown as RefreshLock) : null

  constructor(base = '/api/v1', tokens: TokenStore = browserTokens, fetchFn?: FetchLike) {
    this.base = base
    this.tokens = tokens
    this.fetchFn = fetchFn ?? ((i, init) => fetch(i, init))
  }

  get<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) {
    return this.request<T>('GET', path, { query, signal })
  }
  post<T>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...opts, body })
  }
  put<T>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, { body })
  }
  patch<T>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, { body })
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    // A request never goes out with an access token that has expired (or is about to), nor without
    // one while a refresh token is kept (a fresh tab): the refresh comes first, so the server never
    // answers 401 to a session that is still valid (the browser logs every 401 in the console).
    if (!opts.noAuth) await this.ensureAccess()
    let res = await this.send(method, path, opts)
    if (res.status === 401 && !opts.noAuth && this.tokens.refresh()) {
      if (await this.refresh()) res = await this.send(method, path, opts)
      else {
        this.onSessionLost?.()
      }
    }
    return this.parse<T>(res)
  }

  /**
   * Refreshes first when the access token is stale (accessStale) and a refresh token is kept. Every
   * request calls it; so must code that fetches with the token itself (a thumbnail read as a blob).
   * Throws a 401 ApiError, having ended the session, when the refresh token is refused; a refresh
   * that could not reach the server (offline) keeps the session, and the request goes out as before
   * for the service worker to answer from its cache.
   */
  async ensureAccess(): Promise<void> {
    if (!this.tokens.refresh() || !this.accessStale()) return
    if (!(await this.refresh()) && !this.tokens.refresh()) {
      this.onSessionLost?.()
      throw new ApiError(401, 'unauthorized')
    }
  }

  /**
   * Whether the access token must be refreshed before it is sent: missing, not a readable JWT
   * carrying exp is sent as is (the server decides), expiring within REFRESH_MARGIN_S of the
   * local clock. A token the last refresh just handed out is never stale, so a client whose clock
   * runs ahead of the server's does not refresh before every request.
   */
  accessStale(now = Date.now()): boolean {
    const at = this.tokens.access()
    if (!at) return true
    if (at === this.freshAccess) return false
    const exp = tokenExp(at)
    return exp !== null && exp - REFRESH_MARGIN_S <= now / 1000
  }

  /** Refreshes the access token once for every caller that is waiting on it. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      const run = () => this.doRefresh()
      this.refreshing = (this.locks ? this.locks.request('tb-refresh', run) : run()).finally(() => {
        this.refreshing = null
      })
    }
    return this.refreshing
  }

  private async doRefresh(): Promise<boolean> {
    const rt = this.tokens.refresh()
    if (!rt) return false
    let res: Response
    try {
      res = await this.send('POST', '/auth/refresh', { body: { refresh_token: rt }, noAuth: true })
    } catch {
      return false
    }
    if (!res.ok) {
      if (res.status === 401) this.tokens.set(null)
      return false
    }
    const t = (await res.json()) as Tokens
    this.setTokens(t)
    this.freshAccess = t.access_token
    return true
  }

  setTokens(t: Tokens | null) {
    this.tokens.set(t)
    if (t) this.onTokens?.(t)
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<Response> {
    let url = this.base + path
    if (opts.query) {
      const q = new URLSearchParams()
      for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
      const s = q.toString()
      if (s) url += '?' + s
    }
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
    const at = this.tokens.access()
    if (at && !opts.noAuth) headers.Authorization = 'Bearer ' + at
    let body: BodyInit | undefined
    if (opts.raw !== undefined) {
      body = opts.raw
      if (opts.contentType) headers['Content-Type'] = opts.contentType
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['Content-Type'] = 'application/json'
    }
    try {
      return await this.fetchFn(url, { method, headers, body, signal: opts.signal })
    } catch (e) {
      throw new NetworkError(e)
    }
  }

  private async parse<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T
    const ct = res.headers.get('Content-Type') || ''
    if (res.ok) {
      if (ct.includes('json')) return (await res.json()) as T
      return (await res.text()) as unknown as T
    }
    let p: ProblemBody = {}
    if (ct.includes('json')) {
      try {
        const body: unknown = await res.json()
        if (body && typeof body === 'object') p = body as ProblemBody
      } catch {
        p = {}
      }
    }
    const ra = res.headers.get('Retry-After')
    throw new ApiError(res.status, p.code || statusCode(res.status), {
      fields: Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
      retryAfter: ra ? Number(ra) : null,
      current: p.current,
      warnings: p.warnings,
      conflicts: p.conflicts,
      merged: p.merged,
      detail: p.detail,
    })
  }
}

/** Seconds before its exp at which an access token is refreshed rather than sent. */
export const REFRESH_MARGIN_S = 30

/** The exp claim (seconds since the epoch) of a JWT, or null when the token is not one or has none. */
export function tokenExp(jwt: string): number | null {
  const part = jwt.split('.')[1]
  if (!part) return null
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/')
    const claims: unknown = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)))
    const exp = claims && typeof claims === 'object' ? (claims as { exp?: unknown }).exp : undefined
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : null
  } catch {
    return null
  }
}

function statusCode(status: number): string {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 413) return 'body_too_large'
  if (status === 429) return 'too_many_requests'
  if (status >= 500) return 'internal'
  return 'error'
}

export const api = new Client()
