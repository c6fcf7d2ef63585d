// A memo in front of vue-i18n's t. One t call walks vue-i18n's whole path (argument parsing, message
// lookup, a compile-cache key made with JSON.stringify, a fresh message context, evaluation) even for
// a message it has shown a hundred times: the leader's board asks for ~2,000 of them (45 cards, and
// 12 campaigns × 30 towns × the review levels), ~900 ms of its long tasks at 4x CPU. A sentence is a
// pure function of the language, the messages and the arguments, so the same arguments give the text
// made the first time.
import type { Ref } from 'vue'

type T = (...args: unknown[]) => string

/** What memoize needs of a composer (vue-i18n's global one). */
export interface MemoSource {
  t: T
  locale: Ref<string>
  fallbackLocale: Ref<unknown>
  messages: Ref<unknown>
  setLocaleMessage: (locale: string, message: never) => void
  mergeLocaleMessage: (locale: string, message: never) => void
}

/** More sentences than a screen makes: the memo starts over beyond it (counts in sentences vary). */
const LIMIT = 5000

const plain = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** The memo's key for t's arguments, or null for a call it does not keep (options, objects as values). */
export function memoKey(args: unknown[]): string | null {
  if (typeof args[0] !== 'string' || args.length > 3) return null
  if (args.length === 1) return args[0]
  for (let i = 1; i < args.length; i++) {
    const a = args[i]
    if (plain(a)) continue
    if (i === 2) return null // t(key, named, options): options may name another locale or a default
    if (Array.isArray(a) ? !a.every(plain) : !(a && Object.getPrototypeOf(a) === Object.prototype && Object.values(a).every(plain))) return null
  }
  return JSON.stringify(args)
}

/**
 * Puts a memo in front of c.t: the same arguments give the text made before while the language and
 * the messages are unchanged (setting or merging messages, the English ones or the builder's, starts
 * it over). The memoised t reads the locale, the fallback and the messages first, so a component
 * that calls it while rendering is drawn again when the language changes, as with vue-i18n's own t.
 */
export function memoize(c: MemoSource): void {
  const raw = c.t
  let byLocale = new Map<string, Map<string, string>>()
  const forget = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    byLocale = new Map()
    fn(...a)
  }
  c.setLocaleMessage = forget(c.setLocaleMessage)
  c.mergeLocaleMessage = forget(c.mergeLocaleMessage)
  c.t = (...args: unknown[]) => {
    const locale = c.locale.value
    void c.fallbackLocale.value
    void c.messages.value
    const key = memoKey(args)
    if (key === null) return raw(...args)
    let memo = byLocale.get(locale)
    if (!memo || memo.size >= LIMIT) byLocale.set(locale, (memo = new Map()))
    let text = memo.get(key)
    if (text === undefined) {
      text = raw(...args)
      memo.set(key, text)
    }
    return text
  }
}
