import { describe, expect, it } from 'vitest'
import { Client, type TokenStore } from '../../src/api/client'
import { pendingDrafts, syncDrafts } from '../../src/stores/outbox'
import type { DraftStorage, LocalDraft } from '../../src/stores/autosave'

const tokens: TokenStore = { access: () => 'a', refresh: () => 'r', set: () => {} }
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
const form = { code: 'f', version: 1, title: 'F', fields: [{ key: 'n', label: 'N', type: 'integer' }, { key: 'amt', label: 'A', type: 'money' }] }

function mem(ds: LocalDraft[]): DraftStorage & { m: Map<number, LocalDraft> } {
  const m = new Map(ds.map((d) => [d.id, d]))
  return { m, get: (id) => m.get(id) ?? null, put: (d) => void m.set(d.id, d), remove: (id) => void m.delete(id) }
}

describe('outbox', () => {
  it('lists only the drafts that never reached the server, oldest first', () => {
    const store = new Map<string, string>([
      ['tb.draft.1', JSON.stringify({ id: 1, base: 2, values: {}, dirty: true, at: 20 })],
      ['tb.draft.2', JSON.stringify({ id: 2, base: 2, values: {}, dirty: false, at: 10 })],
      ['tb.draft.3', JSON.stringify({ id: 3, base: 2, values: {}, dirty: true, at: 5 })],
      ['other', 'x'],
    ])
    const keys = [...store.keys()]
    const ls = { length: keys.length, key: (i: number) => keys[i] ?? null, getItem: (k: string) => store.get(k) ?? null }
    expect(pendingDrafts(ls).map((d) => d.id)).toEqual([3, 1])
  })

  it('sends each draft normalised, with its base version, and keeps what cannot go yet', async () => {
    const puts: { id: string; body: unknown }[] = []
    const client = new Client('/api/v1', tokens, async (url, init) => {
      const u = new URL(url, 'http://x')
      if (u.pathname.startsWith('/api/v1/forms/')) return json(200, form)
      const id = u.pathname.split('/').pop()!
      if (!init?.method || init.method === 'GET') return json(200, { id: Number(id), form: 'f', form_version: 1, status: id === '3' ? 'submitted' : 'draft', version: 9, values: {} })
      puts.push({ id, body: JSON.parse(String(init.body)) })
      if (id === '2') return json(409, { code: 'edit_conflict', current: { version: 9 }, conflicts: [{ field: 'n' }], merged: {} })
      return json(200, { id: Number(id), version: 10, values: {} })
    })
    const drafts: LocalDraft[] = [
      { id: 1, base: 4, values: { n: '１，２００', amt: '8,000,000' }, dirty: true, at: 1 },
      { id: 2, base: 5, values: { n: 3 }, dirty: true, at: 2 },
      { id: 3, base: 6, values: { n: 4 }, dirty: true, at: 3 },
    ]
    const storage = mem(drafts)
    const r = await syncDrafts(client, drafts, storage)
    expect(r).toEqual({ synced: 1, waiting: 2, offline: false })
    expect(puts[0]).toEqual({ id: '1', body: { values: { n: 1200, amt: '8000000.00' }, version: 4 } })
    expect(storage.m.has(1)).toBe(false) // the server has it
    expect(storage.m.has(2)).toBe(true) // a conflict: its form page asks
    expect(storage.m.has(3)).toBe(true) // submitted meanwhile: not sent at all
    expect(puts.map((p) => p.id)).toEqual(['1', '2'])
  })

  it('stops at the first network failure and keeps everything', async () => {
    const client = new Client('/api/v1', tokens, async () => {
      throw new TypeError('Failed to fetch')
    })
    const drafts: LocalDraft[] = [{ id: 1, base: 1, values: {}, dirty: true, at: 1 }, { id: 2, base: 1, values: {}, dirty: true, at: 2 }]
    const storage = mem(drafts)
    expect(await syncDrafts(client, drafts, storage)).toEqual({ synced: 0, waiting: 2, offline: true })
    expect(storage.m.size).toBe(2)
  })
})
