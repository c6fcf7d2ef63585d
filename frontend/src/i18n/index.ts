import { createI18n } from 'vue-i18n'
import { Locale } from 'vant'
import vantZh from 'vant/es/locale/lang/zh-CN'
import vantEn from 'vant/es/locale/lang/en-US'
import zh from './zh-CN'
import en from './en'

export type Lang = 'zh-CN' | 'en'
const KEY = 'tb.lang'

function initial(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
  missingWarn: false,
  fallbackWarn: false,
})

export function setLang(lang: Lang) {
  i18n.global.locale.value = lang
  Locale.use(lang === 'en' ? 'en-US' : 'zh-CN', lang === 'en' ? vantEn : vantZh)
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
