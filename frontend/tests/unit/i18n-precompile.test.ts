import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'
// @ts-expect-error a build script without type declarations
import { messagesModule } from '../../scripts/precompile-messages.mjs'

/** The module's object of message functions (what the build ships), made from the string messages. */
function compiled(messages: object): object {
  const src = (messagesModule as (m: object) => string)(messages).replace(/^export default /, 'return ')
  return new Function(src)() as object
}

/** Every message's key and source. */
function leaves(o: object, prefix = ''): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : v && typeof v === 'object' ? leaves(v, prefix + k + '.') : []))
}

// The build's message functions (vite.config.ts, i18nPrecompile) read exactly as vue-i18n's own
// compilation of the same strings, every message of both languages, with values and plurals.
describe('precompiled messages', () => {
  for (const [lang, messages] of [['zh-CN', zh], ['en', en]] as const) {
    it(lang, () => {
      const make = (m: object) => createI18n({ legacy: false, locale: lang, fallbackLocale: 'zh-CN', missingWarn: false, fallbackWarn: false, messages: { [lang]: m, 'zh-CN': lang === 'zh-CN' ? m : zh } as never }).global
      const fromStrings = make(messages)
      const fromFunctions = make(compiled(messages))
      let n = 0
      for (const [key, src] of leaves(messages)) {
        const named = Object.fromEntries([...src.matchAll(/\{\s*(\w+)\s*\}/g)].map((m, i) => [m[1], `v${i}<b>&`]))
        for (const count of src.includes('|') ? [0, 1, 2, 5] : [undefined]) {
          const args = count === undefined ? [key, named] : [key, { ...named, n: count, count }, count]
          const want = (fromStrings.t as (...a: unknown[]) => string)(...args)
          expect((fromFunctions.t as (...a: unknown[]) => string)(...args), key).toBe(want)
          n++
        }
      }
      expect(n).toBeGreaterThan(500)
    })
  }

  // The build's vue-i18n has no compiler and shows a string message as it is: a message left a
  // string must be only its own text, and a message with a value, a plural or a link a function.
  for (const [lang, messages] of [['zh-CN', zh], ['en', en]] as const) it(`leaves only plain text as strings (${lang})`, () => {
    const i18n = createI18n({ legacy: false, locale: lang, missingWarn: false, fallbackWarn: false, messages: { [lang]: messages } as never }).global
    const built = leaves(compiled(messages))
    const kinds = new Map(Object.entries(flat(compiled(messages))).map(([k, v]) => [k, typeof v]))
    let strings = 0
    for (const [key, src] of leaves(messages)) {
      if (kinds.get(key) === 'string') {
        strings++
        expect(i18n.t(key), key).toBe(src)
      } else {
        expect(kinds.get(key), key).toBe('function')
        expect(/[{}@|]/.test(src), `${key} is a function but plain text: ${src}`).toBe(true)
      }
    }
    expect(built.length).toBe(strings)
    expect(strings).toBeGreaterThan(300)
  })
})

/** Every leaf of a messages object by its dotted key. */
function flat(o: object, prefix = ''): Record<string, unknown> {
  return Object.assign({}, ...Object.entries(o).map(([k, v]) => (v && typeof v === 'object' ? flat(v, prefix + k + '.') : { [prefix + k]: v })))
}
