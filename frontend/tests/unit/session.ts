// A signed-in session for tests of the API client: tokens as the app keeps them, and fetch answered
// by a stub that records every URL asked for.
import { vi } from 'vitest'
import { api } from '../../src/api/client'

/** A 200 JSON answer. */
export function reply(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

/**
 * Signs in with refresh token refresh and a fresh access token; answer(url, n) answers the n-th
 * request (from 1), and calls collects every URL asked for.
 */
export function signIn(refresh: string, calls: string[], answer: (url: string, n: number) => unknown) {
  const payload = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 }))
  api.tokens.set({ access_token: `h.${payload}.s`, refresh_token: refresh, user: {} } as never)
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url)
    return Promise.resolve(reply(answer(url, calls.length)))
  })
}
