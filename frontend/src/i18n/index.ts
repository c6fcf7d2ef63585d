import { createI18n, type MessageCompiler } from 'vue-i18n'
import { Locale } from 'vant/es/locale'
import vantZh from 'vant/es/locale/lang/zh-CN'
import zh from './zh-CN'
import { memoize, type MemoSource } from './memo'

export type Lang = 'zh-CN' | 'en'
const KEY = 'tb.lang'

/** The language the user chose last on this device (Chinese unless English was chosen). */
export function initial(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

type Messages = typeof zh

/** A message that is only text, as vue-i18n's message function. */
const plainText: MessageCompiler = (message) => () => String(message)

// Only Chinese ships in the first load; English is fetched the first time it is chosen (loadLang), so
// a clerk's phone does not download a language it never shows. The UI switches once it has arrived.
export const i18n = createI18n<[Messages], Lang, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh } as Record<Lang, Messages>,
  missingWarn: false,
  fallbackWarn: false,
  // The build ships every message as a function or, when it is only its own text, as that text
  // (scripts/precompile-messages.mjs), and leaves vue-i18n's compiler out: plain text is shown as
  // it is. The unit tests keep the strings and vue-i18n's compiler.
  messageCompiler: import.meta.env.PROD ? plainText : undefined,
})
// The same sentence is made once a language (memo.ts): the board asks for thousands, most alike.
memoize(i18n.global as unknown as MemoSource)

let vantEn: typeof vantZh | null = null
let english: Promise<void> | null = null

/** Fetches the English messages (Tianbao's and Vant's) once; Chinese is always there. */
export function loadLang(lang: Lang): Promise<void> {
  if (lang !== 'en') return Promise.resolve()
  english ??= Promise.all([import('./en'), import('vant/es/locale/lang/en-US')]).then(([m, v]) => {
    i18n.global.setLocaleMessage('en', m.default)
    vantEn = v.default
  }).catch((e) => {
    english = null // offline before it was ever fetched: try again next time
    throw e
  })
  return english
}

/**
 * Switches the UI language, the choice kept on this device. Chinese, and English once fetched, switch
 * at once; the first switch to English waits for its messages.
 */
export function setLang(lang: Lang): Promise<void> {
  if (lang === 'en' && !vantEn) return loadLang('en').then(() => apply('en'))
  apply(lang)
  return Promise.resolve()
}

function apply(lang: Lang) {
  i18n.global.locale.value = lang
  Locale.use(lang === 'en' ? 'en-US' : 'zh-CN', lang === 'en' && vantEn ? vantEn : vantZh)
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN'
  try {
    localStorage.setItem(KEY, lang)
  } catch {
    /* private mode */
  }
}

/** Picks the schema's English text when the UI is English and the schema has one. */
export function pick(zhText: string | undefined, enText: string | undefined): string {
  return i18n.global.locale.value === 'en' && enText ? enText : zhText ?? ''
}
