import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { ApiError } from '../../src/api/client'
import { errorSentence } from '../../src/api/errors'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

describe('form version errors', () => {
  const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zh, en } })
  const { t, te } = i18n.global
  const tr = (k: string, named?: Record<string, unknown>) => (named ? t(k, named) : t(k))
  const say = (e: unknown) => errorSentence(e, tr, te)
  const refused = new ApiError(422, 'breaks_indicators', {
    fields: [
      { field: 'training_spend', code: 'indicator_field_removed', message: '指标 training.spend_ratio 读取此项，新版本不能删除它' },
      { field: 'has_parent_school', code: 'indicator_field_retyped', message: '指标 family.parent_school, family.coverage 读取此项，新版本不能改变它的类型（boolean → single_choice）' },
    ],
  })

  it('names every field and the indicators reading it when an import would break indicators', () => {
    const s = say(refused)
    expect(s).toContain('指标')
    expect(s).toContain('training_spend (training.spend_ratio)')
    expect(s).toContain('has_parent_school (family.parent_school, family.coverage)')
    expect(s).not.toContain('breaks_indicators')
    i18n.global.locale.value = 'en'
    expect(say(refused)).toMatch(/^The new version removes or changes fields that indicators read: training_spend \(training\.spend_ratio\); /)
    i18n.global.locale.value = 'zh-CN'
  })

  it('says why an upgrade was refused, in both languages', () => {
    for (const code of ['already_newest_form_version', 'incompatible_form_version']) {
      expect(say(new ApiError(409, code))).not.toContain(code)
      i18n.global.locale.value = 'en'
      expect(say(new ApiError(409, code))).toMatch(/version/)
      i18n.global.locale.value = 'zh-CN'
    }
  })

  it('names the reasons a value was dropped and the upgrade action in history', () => {
    for (const code of ['removed', 'retyped', 'computed']) {
      expect(te('fill.upgrade.reason.' + code)).toBe(true)
      expect(te('fill.upgrade.reason.' + code, 'en')).toBe(true)
    }
    expect(t('history.action.upgrade')).toBe('升级报表版本')
  })
})
