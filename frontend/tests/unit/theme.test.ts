import { describe, expect, it } from 'vitest'
import { createTheme, THEME_KEY } from '../../src/composables/useTheme'

function memStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init))
  return { m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }
}
function media(matches: boolean) {
  const ls: ((e: { matches: boolean }) => void)[] = []
  return {
    matches,
    addEventListener: (_: string, f: unknown) => void ls.push(f as (e: { matches: boolean }) => void),
    fire(m: boolean) {
      this.matches = m
      ls.forEach((f) => f({ matches: m }))
    },
  }
}

describe('theme', () => {
  it('follows the system until the user picks', () => {
    const mq = media(true)
    const th = createTheme({ storage: memStorage(), media: mq })
    expect(th.pref.value).toBe('system')
    expect(th.isDark.value).toBe(true)
    mq.fire(false)
    expect(th.isDark.value).toBe(false)
  })

  it('keeps the pick in storage and ignores the system afterwards', () => {
    const st = memStorage()
    const mq = media(false)
    const th = createTheme({ storage: st, media: mq })
    th.toggle()
    expect(th.isDark.value).toBe(true)
    expect(st.m.get(THEME_KEY)).toBe('dark')
    mq.fire(true)
    mq.fire(false)
    expect(th.isDark.value).toBe(true)
    th.toggle()
    expect(th.isDark.value).toBe(false)
    expect(st.m.get(THEME_KEY)).toBe('light')
    // a new page reads the pick back
    expect(createTheme({ storage: st, media: media(true) }).isDark.value).toBe(false)
    th.set('system')
    expect(st.m.has(THEME_KEY)).toBe(false)
  })

  it('reads nonsense as system and survives missing storage and media', () => {
    expect(createTheme({ storage: memStorage({ [THEME_KEY]: 'purple' }), media: media(true) }).pref.value).toBe('system')
    const th = createTheme({})
    expect(th.isDark.value).toBe(false)
    th.toggle()
    expect(th.isDark.value).toBe(true)
    const throwing = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('denied') }, removeItem: () => undefined }
    const t2 = createTheme({ storage: throwing, media: null })
    t2.set('dark')
    expect(t2.isDark.value).toBe(true)
  })
})
