import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Client, type TokenStore } from '../../src/api/client'
import { useAutosave, type DraftStorage, type LocalDraft } from '../../src/stores/autosave'
import { changesSinceLastSubmit } from '../../src/stores/review'
import { progress, fmtValue } from '../../src/stores/indicators'
import type { Change, User } from '../../src/api/types'

const tokens: TokenStore = { access: () => 'a', refresh: () => 'r', set: () => {} }
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

function memStorage(): DraftStorage & { m: Map<number, LocalDraft> } {
  const m = new Map<number, LocalDraft>()
  return { m, get: (id) => m.get(id) ?? null, put: (d) => void m.set(d.id, JSON.parse(JSON.stringify(d))), remove: (id) => void m.delete(id) }
}

describe('autosave', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('saves locally at once, then to the server debounced with the version, and tracks the new version', async () => {
    const bodies: unknown[] = []
    let version = 3
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      const b = JSON.parse(String(init!.body))
      bodies.push(b)
      expect(b.version).toBe(version)
      version++
      return json(200, { version, values: b.values, updated_at: '' })
    })
    const storage = memStorage()
    const s = useAutosave({ client, id: 9, version: 3, toServer: (v) => v, storage, debounceMs: 500 })
    s.change({ a: '1' })
    expect(s.state.value).toBe('local')
    expect(storage.get(9)).toMatchObject({ base: 3, values: { a: '1' }, dirty: true })
    s.change({ a: '12' })
    await vi.advanceTimersByTimeAsync(600)
    expect(bodies).toEqual([{ values: { a: '12' }, version: 3 }])
    expect(s.state.value).toBe('synced')
    expect(storage.get(9)).toMatchObject({ base: 4, dirty: false })
    s.change({ a: '123' })
    await vi.advanceTimersByTimeAsync(600)
    expect(bodies[1]).toEqual({ values: { a: '123' }, version: 4 })
    s.dispose()
  })

  it('goes offline on a network failure, keeps the draft, and retries', async () => {
    let up = false
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      if (!up) throw new TypeError('offline')
      return json(200, { version: 2, values: JSON.parse(String(init!.body)).values, updated_at: '' })
    })
    const storage = memStorage()
    const s = useAutosave({ client, id: 1, version: 1, toServer: (v) => v, storage, debounceMs: 10, retryMs: 1000 })
    s.change({ x: 1 })
    await vi.advanceTimersByTimeAsync(20)
    expect(s.state.value).toBe('offline')
    expect(storage.get(1)?.dirty).toBe(true)
    up = true
    await vi.advanceTimersByTimeAsync(1100)
    expect(s.state.value).toBe('synced')
    s.dispose()
  })

  it('keeps the local edits on a 409 and lets the user choose', async () => {
    let calls = 0
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      calls++
      const b = JSON.parse(String(init!.body))
      if (b.version === 1) return new Response(JSON.stringify({ code: 'stale_version', current: { version: 5, values: { x: 'theirs' } } }), { status: 409, headers: { 'Content-Type': 'application/problem+json' } })
      return json(200, { version: b.version + 1, values: b.values, updated_at: '' })
    })
    const storage = memStorage()
    const s = useAutosave({ client, id: 2, version: 1, toServer: (v) => v, storage, debounceMs: 10 })
    s.change({ x: 'mine' })
    await vi.advanceTimersByTimeAsync(20)
    expect(s.state.value).toBe('conflict')
    expect(s.conflict.value).toMatchObject({ version: 5 })
    expect(storage.get(2)?.values).toEqual({ x: 'mine' })
    await s.keepMine()
    expect(s.state.value).toBe('synced')
    expect(s.getVersion()).toBe(6)
    expect(calls).toBe(2)
    s.dispose()
  })

  it('can drop the local edits for the server version', async () => {
    const client = new Client('/api/v1', tokens, async () =>
      new Response(JSON.stringify({ code: 'stale_version', current: { version: 5, values: { x: 'theirs' } } }), { status: 409, headers: { 'Content-Type': 'application/problem+json' } }))
    const storage = memStorage()
    const s = useAutosave({ client, id: 3, version: 1, toServer: (v) => v, storage, debounceMs: 10 })
    s.change({ x: 'mine' })
    await vi.advanceTimersByTimeAsync(20)
    const c = s.useTheirs()
    expect(c?.values).toEqual({ x: 'theirs' })
    expect(storage.get(3)).toBeNull()
    expect(s.state.value).toBe('synced')
    s.dispose()
  })
})

describe('review diff', () => {
  it('merges the changes between the last two submits', () => {
    const rev = (id: number, action: string, changes: Record<string, Change> = {}) => ({ id, version: id, action, from_status: '', to_status: '', actor: '', actor_id: 1, at: '', changes })
    const h = [
      rev(1, 'save', { a: { from: null, to: '1' } }),
      rev(2, 'submit'),
      rev(3, 'return'),
      rev(4, 'save', { a: { from: '1', to: '2' }, b: { from: 'x', to: 'y' } }),
      rev(5, 'save', { a: { from: '2', to: '3' }, b: { from: 'y', to: 'x' } }),
      rev(6, 'submit'),
    ]
    expect(changesSinceLastSubmit(h)).toEqual({ a: { from: '1', to: '3' } })
    expect(changesSinceLastSubmit(h.slice(0, 3))).toBeNull()
  })
})

describe('indicator display', () => {
  it('formats values and progress toward targets', () => {
    expect(fmtValue('0.015', 'percent', 'zh-CN')).toBe('1.5%')
    expect(fmtValue(null, 'count', 'en')).toBe('—')
    const target = { op: '>=' as const, value: '0.015', value2: null, year: 2025 }
    expect(progress({ value: '0.0075', target, status: 'not_met' })).toBe(50)
    expect(progress({ value: '0.02', target, status: 'met' })).toBe(100)
    expect(progress({ value: '12', target: { op: '<=', value: '6', value2: null, year: 2025 }, status: 'not_met' })).toBe(50)
    expect(progress({ value: null, target, status: 'no_data' })).toBe(0)
  })
})

describe('auth store', () => {
  it('sends each role to its home page', async () => {
    const { homeFor } = await import('../../src/stores/auth')
    const u = (...roles: string[]): User => ({
      id: 1, username: 'u', display_name: 'u', org_id: 1, org_name: 'x', status: 'active', must_change_password: false, created_at: '',
      roles: roles.map((role) => ({ role, org_id: 1, org_code: 'x', org_name: 'x' })),
    })
    expect(homeFor(u('filler'))).toBe('tasks')
    expect(homeFor(u('org_admin'))).toBe('tasks')
    expect(homeFor(u('reviewer'))).toBe('review')
    expect(homeFor(u('leader'))).toBe('leader')
    expect(homeFor(u('sysadmin', 'filler'))).toBe('admin')
    expect(homeFor(null)).toBe('tasks')
  })
})

describe('autosave after a lost answer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())
  it('takes a 409 whose current values equal the local ones as saved, not as a conflict', async () => {
    const client = new Client('/api/v1', tokens, async () =>
      new Response(JSON.stringify({ code: 'stale_version', current: { version: 8, values: { x: 'same' } } }), { status: 409, headers: { 'Content-Type': 'application/problem+json' } }))
    const storage = memStorage()
    const s = useAutosave({ client, id: 4, version: 7, toServer: (v) => v, storage, debounceMs: 10, same: (l, srv) => l.x === srv.values.x })
    s.change({ x: 'same' })
    await vi.advanceTimersByTimeAsync(20)
    expect(s.state.value).toBe('synced')
    expect(s.getVersion()).toBe(8)
    expect(storage.get(4)?.dirty).toBe(false)
    s.dispose()
  })
})
