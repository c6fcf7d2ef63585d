// The form builder's strings (zh-CN first, then English), merged into vue-i18n by the builder's
// own chunk (mergeBuilderMessages), so that they are not part of every user's first load. The one
// string shown outside the builder (the admin screen's link, builder.open) is in zh-CN.ts and en.ts.
import { watch } from 'vue'
import { i18n } from './index'
import zh from './builder-zh'
import en from './builder-en'

let watching = false

/**
 * Adds the builder's strings to both languages. English arrives later (loadLang replaces its
 * messages when first chosen), so they are added again whenever the language changes.
 */
export function mergeBuilderMessages() {
  const merge = () => {
    i18n.global.mergeLocaleMessage('zh-CN', { builder: zh })
    i18n.global.mergeLocaleMessage('en', { builder: en })
  }
  merge()
  if (!watching) {
    watching = true
    watch(i18n.global.locale, merge, { flush: 'sync' })
  }
}
