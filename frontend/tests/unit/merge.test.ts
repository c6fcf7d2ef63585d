import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Client, type TokenStore } from '../../src/api/client'
import { useAutosave, type DraftStorage, type LocalDraft, type Saved } from '../../src/stores/autosave'
import { formatValue } from '../../src/format/value'
import type { Field } from '../../src/api/types'

const tokens: TokenStore = { access: () => 'a', refresh: () => 'r', set: () => {} }
const problem = (body: unknown) => new Response(JSON.stringify(body), { status: 409, headers: { 'Content-Type': 'application/problem+json' } })
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })

function memStorage(): DraftStorage & { m: Map<number, LocalDraft> } {
  const m = new Map<number, LocalDraft>()
  return { m, get: (id) => m.get(id) ?? null, put: (d) => void m.set(d.id, JSON.parse(JSON.stringify(d))), remove: (id) => void m.delete(id) }
}

describe('autosave merges', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('hands a merged save to onSaved with what arrived, and takes the server version', async () => {
    const saved: Saved[] = []
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      const b = JSON.parse(String(init!.body))
      expect(b.version).toBe(3)
      return json({ version: 6, values: { ...b.values, spend: '130000.00' }, updated_at: '', arrived: ['spend'] })
    })
    const s = useAutosave({ client, id: 1, version: 3, toServer: (v) => v, storage: memStorage(), debounceMs: 10, onSaved: (x) => saved.push(x) })
    s.change({ trainees: 42 })
    await vi.advanceTimersByTimeAsync(20)
    expect(s.state.value).toBe('synced')
    expect(s.getVersion()).toBe(6)
    expect(saved[0].arrived).toEqual(['spend'])
    s.dispose()
  })

  it('resumes edits made on an older version by sending that base, so the server merges them', async () => {
    const versions: number[] = []
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      const b = JSON.parse(String(init!.body))
      versions.push(b.version)
      return json({ version: 9, values: b.values, updated_at: '', arrived: [] })
    })
    const s = useAutosave({ client, id: 2, version: 8, toServer: (v) => v, storage: memStorage(), debounceMs: 10 })
    s.resume(5, { a: 1 })
    await vi.advanceTimersByTimeAsync(20)
    expect(versions).toEqual([5])
    s.dispose()
  })

  it('on an edit conflict keeps the choice per field on top of the merge and saves at the current version', async () => {
    const bodies: { values: Record<string, unknown>; version: number }[] = []
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      const b = JSON.parse(String(init!.body))
      bodies.push(b)
      if (b.version === 2) {
        return problem({
          code: 'edit_conflict', current: { version: 4, values: { spend: '150000.00', trainees: 7 } },
          conflicts: [{ field: 'spend', base: '140000.00', mine: '160000.00', theirs: '150000.00' }, { field: 'flag', base: true, mine: null, theirs: false }],
          merged: { spend: '150000.00', trainees: 7, hours: '12.5', flag: false },
        })
      }
      return json({ version: b.version + 1, values: b.values, updated_at: '' })
    })
    const storage = memStorage()
    const s = useAutosave({ client, id: 3, version: 2, toServer: (v) => v, storage, debounceMs: 10 })
    s.change({ spend: '160000', hours: '12.5' })
    await vi.advanceTimersByTimeAsync(20)
    expect(s.state.value).toBe('conflict')
    expect(s.editConflict.value?.conflicts.map((c) => c.field)).toEqual(['spend', 'flag'])
    expect(storage.get(3)?.values).toEqual({ spend: '160000', hours: '12.5' }) // nothing lost while choosing
    const next = await s.resolve({ spend: 'mine', flag: 'mine' })
    expect(next).toEqual({ spend: '160000.00', trainees: 7, hours: '12.5' }) // mine cleared flag
    expect(bodies[1]).toEqual({ values: { spend: '160000.00', trainees: 7, hours: '12.5' }, version: 4 })
    expect(s.state.value).toBe('synced')
    expect(s.editConflict.value).toBeNull()
    s.dispose()
  })

  it('keeps theirs where the user keeps theirs', async () => {
    const bodies: { values: Record<string, unknown>; version: number }[] = []
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      const b = JSON.parse(String(init!.body))
      bodies.push(b)
      if (bodies.length === 1) return problem({ code: 'edit_conflict', current: { version: 4, values: {} }, conflicts: [{ field: 'x', base: 1, mine: 2, theirs: 3 }], merged: { x: 3, y: 1 } })
      return json({ version: 5, values: b.values, updated_at: '' })
    })
    const s = useAutosave({ client, id: 4, version: 2, toServer: (v) => v, storage: memStorage(), debounceMs: 10 })
    s.change({ x: 2 })
    await vi.advanceTimersByTimeAsync(20)
    await s.resolve({ x: 'theirs' })
    expect(bodies[1].values).toEqual({ x: 3, y: 1 })
    s.dispose()
  })
})

describe('formatValue', () => {
  const words = { yes: '是', no: '否', empty: '—', rows: (n: number) => `${n} 行` }
  const f = (type: string, extra: Partial<Field> = {}): Field => ({ key: 'k', label: 'L', type, ...extra })
  it('reads values as people do', () => {
    expect(formatValue(f('boolean'), true, words, 'zh-CN')).toBe('是')
    expect(formatValue(f('boolean'), false, words, 'zh-CN')).toBe('否')
    expect(formatValue(f('money', { unit: '元' }), '8000000.00', words, 'zh-CN')).toBe('8,000,000.00 元')
    expect(formatValue(f('integer'), 1234, words, 'en')).toBe('1,234')
    expect(formatValue(f('single_choice', { options: [{ value: 'municipal', label: '市级', label_en: 'Municipal' }] }), 'municipal', words, 'zh-CN')).toBe('市级')
    expect(formatValue(f('repeat'), [{}, {}], words, 'zh-CN')).toBe('2 行')
    expect(formatValue(f('money'), null, words, 'zh-CN')).toBe('—')
  })
  // Written out by hand (format/number.ts), read as Intl.NumberFormat reads them in both languages.
  it('amounts, counts and decimals read as Intl writes them', () => {
    const values = [0, 5, -5, -0.001, 0.5, 0.005, 1.005, 12.345, 999.995, 1234, 1234.5, -1234.567, 8000000, 123456789.129, 0.00001, 2.5e-7]
    for (const lang of ['zh-CN', 'en']) {
      const loc = lang === 'en' ? 'en-US' : 'zh-CN'
      for (const n of values) {
        expect(formatValue(f('money'), n, words, lang), `money ${n}`).toBe(n.toLocaleString(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
        expect(formatValue(f('integer'), n, words, lang), `integer ${n}`).toBe(n.toLocaleString(loc, { maximumFractionDigits: 0 }))
        expect(formatValue(f('decimal'), n, words, lang), `decimal ${n}`).toBe(n.toLocaleString(loc, { maximumFractionDigits: 4 }))
        expect(formatValue(f('money'), String(n), words, lang), `money "${n}"`).toBe(/e/.test(String(n)) ? String(n) : n.toLocaleString(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
      }
    }
  })
})
