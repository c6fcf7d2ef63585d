import { describe, expect, it } from 'vitest'
import { nextTick, watchEffect } from 'vue'
import { createI18n } from 'vue-i18n'
import { memoKey, memoize, type MemoSource } from '../../src/i18n/memo'

function make() {
  const i18n = createI18n({ legacy: false, locale: 'zh-CN', fallbackLocale: 'zh-CN', missingWarn: false, fallbackWarn: false,
    messages: { 'zh-CN': { a: '甲', n: '{n} 所学校', p: '无 | 一所 | {n} 所' }, en: { a: 'A', n: '{n} schools', p: 'none | one | {n} schools' } } })
  const g = i18n.global as unknown as MemoSource & { t: (...a: unknown[]) => string }
  const raw = g.t
  let calls = 0
  g.t = (...a: unknown[]) => { calls++; return raw(...a) }
  memoize(g)
  return { g, calls: () => calls }
}

describe('memoized t', () => {
  it('gives vue-i18n\'s text, made once for the same arguments', () => {
    const { g, calls } = make()
    expect(g.t('a')).toBe('甲')
    expect(g.t('a')).toBe('甲')
    expect(g.t('n', { n: 3 })).toBe('3 所学校')
    expect(g.t('n', { n: 3 })).toBe('3 所学校')
    expect(g.t('n', { n: 4 })).toBe('4 所学校')
    expect(g.t('p', { n: 2 }, 2)).toBe('2 所')
    expect(g.t('p', { n: 1 }, 1)).toBe('一所')
    expect(calls()).toBe(5)
  })
  it('follows the language and new messages', () => {
    const { g } = make()
    expect(g.t('a')).toBe('甲')
    g.locale.value = 'en'
    expect(g.t('a')).toBe('A')
    expect(g.t('missing.key')).toBe('missing.key')
    g.mergeLocaleMessage('en', { missing: { key: 'now here' } } as never)
    expect(g.t('missing.key')).toBe('now here')
    g.setLocaleMessage('en', { a: 'B' } as never)
    expect(g.t('a')).toBe('B')
  })
  it('a render that used it runs again when the language changes', async () => {
    const { g } = make()
    const seen: string[] = []
    const stop = watchEffect(() => { seen.push(g.t('a')) })
    g.locale.value = 'en'
    await nextTick()
    expect(seen).toEqual(['甲', 'A'])
    stop()
  })
  it('keeps only calls it can key', () => {
    expect(memoKey(['a'])).toBe('a')
    expect(memoKey(['a', { n: 1 }])).toBe('["a",{"n":1}]')
    expect(memoKey(['a', { n: 1 }, 2])).toBe('["a",{"n":1},2]')
    expect(memoKey(['a', { n: 1 }, { locale: 'en' }])).toBeNull()
    expect(memoKey(['a', { n: { deep: 1 } }])).toBeNull()
    expect(memoKey(['a', { n: undefined }])).toBeNull()
    expect(memoKey([1])).toBeNull()
  })
})
