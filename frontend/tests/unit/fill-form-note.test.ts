import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api } from '../../src/api/client'
import { noteFillForms, prefetchFill, takePrefetchedFill } from '../../src/api/submissions'

function reply(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

/** A signed-in session; the server answers submission 9 (pinned to `pinned`) only after its form was asked for, if it was. */
function session(pinned: number, calls: string[]) {
  const payload = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 }))
  api.tokens.set({ access_token: `h.${payload}.s`, refresh_token: 'rt', user: {} } as never)
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url.replace(/^.*\/api\/v1/, ''))
    if (url.includes('/submissions/')) return Promise.resolve(reply({ id: 9, form: 'teachers', form_version: pinned, version: 1 }))
    const v = /version=(\d+)/.exec(url)
    return Promise.resolve(reply({ code: 'teachers', version: v ? Number(v[1]) : 3, fields: [] }))
  })
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  vi.unstubAllGlobals()
  api.tokens.set(null)
})

// Opening a form the task list or an earlier visit noted asks for the form alongside the submission.
describe('the noted form of a submission', () => {
  it('without a note: the form after the submission, then noted with its version', async () => {
    const calls: string[] = []
    session(2, calls)
    prefetchFill(9)
    const got = await takePrefetchedFill(9)
    expect(got?.form.version).toBe(2)
    expect(calls).toEqual(['/submissions/9', '/forms/teachers?version=2'])
    expect(JSON.parse(localStorage.getItem('tb.fillForms')!)).toEqual({ 9: ['teachers', 2] })
  })

  it('noted with its version: both at once, the form asked for once', async () => {
    const calls: string[] = []
    session(2, calls)
    // The submission answers only once released: the form has been asked for before it answered.
    const answer = globalThis.fetch
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    const asked: string[] = []
    vi.stubGlobal('fetch', (url: string) => {
      asked.push(url.replace(/^.*\/api\/v1/, ''))
      return url.includes('/submissions/') ? held.then(() => answer(url)) : answer(url)
    })
    noteFillForms([{ id: 9, form: 'teachers', version: 2 }])
    prefetchFill(9)
    await vi.waitFor(() => expect([...asked].sort()).toEqual(['/forms/teachers?version=2', '/submissions/9']))
    release()
    const got = await takePrefetchedFill(9)
    expect(got?.form.version).toBe(2)
    expect(calls.filter((u) => u.startsWith('/forms/')).length).toBe(1)
  })

  it('noted by the task list (no version): the newest, used when the submission is pinned to it', async () => {
    const calls: string[] = []
    session(3, calls)
    noteFillForms([{ id: 9, form: 'teachers' }])
    prefetchFill(9)
    const got = await takePrefetchedFill(9)
    expect(got?.form.version).toBe(3)
    expect(calls.sort()).toEqual(['/forms/teachers', '/submissions/9'])
  })

  it('a stale note costs one request more, never the wrong version', async () => {
    const calls: string[] = []
    session(2, calls)
    noteFillForms([{ id: 9, form: 'teachers' }]) // the newest is 3, the submission is pinned to 2
    prefetchFill(9)
    const got = await takePrefetchedFill(9)
    expect(got?.form.version).toBe(2)
    expect(calls.sort()).toEqual(['/forms/teachers', '/forms/teachers?version=2', '/submissions/9'])
  })

  it('the task list keeps a known version and lets the oldest notes go', () => {
    noteFillForms([{ id: 9, form: 'teachers', version: 2 }])
    noteFillForms([{ id: 9, form: 'teachers' }])
    expect(JSON.parse(localStorage.getItem('tb.fillForms')!)[9]).toEqual(['teachers', 2])
    noteFillForms(Array.from({ length: 400 }, (_, i) => ({ id: 1000 + i, form: 'f' })))
    const kept = JSON.parse(localStorage.getItem('tb.fillForms')!)
    expect(Object.keys(kept).length).toBe(300)
    expect(kept[1399]).toEqual(['f', 0])
  })
})

describe('logging out', () => {
  it('forgets which forms this device filled and what was fetched ahead', async () => {
    const { setActivePinia, createPinia } = await import('pinia')
    const { useAuth } = await import('../../src/stores/auth')
    setActivePinia(createPinia())
    const calls: string[] = []
    session(2, calls)
    noteFillForms([{ id: 9, form: 'teachers', version: 2 }])
    prefetchFill(9)
    await useAuth().logout()
    expect(localStorage.getItem('tb.fillForms')).toBeNull()
    expect(takePrefetchedFill(9)).toBeNull()
  })
})
