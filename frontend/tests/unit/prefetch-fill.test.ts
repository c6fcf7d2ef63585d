import { afterEach, describe, expect, it, vi } from 'vitest'
import { api } from '../../src/api/client'
import { prefetchFill, takePrefetchedFill } from '../../src/api/submissions'
import { signIn } from './session'

/** A signed-in session whose server answers a submission and its form. */
function session(refresh: string, calls: string[]) {
  signIn(refresh, calls, (url) =>
    url.includes('/submissions/') ? { id: 7, form: 'teacher-training', form_version: 2, version: 3, who: refresh } : { code: 'teacher-training', version: 2, fields: [] },
  )
}

afterEach(() => {
  vi.unstubAllGlobals()
  api.tokens.set(null)
})

describe('a form fetched as the navigation sets out', () => {
  it('is taken once, in the session that asked for it', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchFill(7)
    prefetchFill(7) // asked for already: no second request
    const got = await takePrefetchedFill(7)
    expect(got?.sub.id).toBe(7)
    expect(got?.form.version).toBe(2)
    expect(calls.filter((u) => u.includes('/submissions/7')).length).toBe(1)
    expect(takePrefetchedFill(7)).toBeNull() // once
  })

  it('is never handed to whoever signs in next on the same phone', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchFill(7)
    // The clerk logs out before the form opens; another user signs in within seconds.
    api.tokens.set(null)
    session('rt-b', calls)
    expect(takePrefetchedFill(7)).toBeNull()
    // The new user's own navigation asks again, under the new session.
    prefetchFill(7)
    const got = await takePrefetchedFill(7)
    expect((got?.sub as unknown as { who: string }).who).toBe('rt-b')
  })

  it('is not used once it is old', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    const now = Date.now()
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now)
    prefetchFill(7)
    spy.mockReturnValue(now + 11_000)
    expect(takePrefetchedFill(7)).toBeNull()
    spy.mockRestore()
  })
})
