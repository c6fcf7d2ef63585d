// Carry-forward in the SPA (issue 15): the confirm endpoint's path, the banner's one tap per
// pending section in both languages, and prev. values reaching the browser's rules.
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { api, type FetchLike } from '../../src/api/client'
import { confirmCarried } from '../../src/api/carry'
import CarryBanner from '../../src/components/CarryBanner.vue'
import { evaluate } from '../../src/rules/evaluate'
import type { CarriedSection, Form } from '../../src/api/types'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

const realFetch = api.fetchFn
const realTokens = api.tokens
afterEach(() => {
  api.fetchFn = realFetch
  api.tokens = realTokens
  i18n.global.locale.value = 'zh-CN'
})

const section = (key: string, pending: boolean, confirmed = false): CarriedSection => ({
  key, title: key === 'sports' ? '体育特色学校' : '艺术特色学校', title_en: key === 'sports' ? 'Sports specialist school' : 'Arts specialist school',
  fields: [key + '_specialist'], from_period: '2025', confirmed, changed: !pending && !confirmed, pending,
})

describe('carry-forward', () => {
  it('confirms one section with a POST to its own path', async () => {
    const calls: { url: string; method?: string }[] = []
    const f: FetchLike = async (url, init) => {
      calls.push({ url, method: init?.method })
      return new Response(JSON.stringify({ id: 7, carry: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
    api.fetchFn = f
    api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
    await confirmCarried(7, 'sports')
    expect(calls).toEqual([{ url: '/api/v1/submissions/7/carry/sports/confirm', method: 'POST' }])
  })

  it('shows 上期数据，请确认 with a confirm button only on pending sections, and emits its key', async () => {
    const w = mount(CarryBanner, { props: { sections: [section('sports', true), section('arts', false, true)], busy: '' }, global: { plugins: [i18n, Vant] } })
    expect(w.text()).toContain('上期数据，请确认')
    expect(w.find('[data-testid="carry-confirm-sports"]').exists()).toBe(true)
    expect(w.find('[data-testid="carry-confirm-arts"]').exists()).toBe(false)
    expect(w.find('[data-testid="carry-arts"]').text()).toContain('已确认')
    await w.find('[data-testid="carry-confirm-sports"]').trigger('click')
    expect(w.emitted('confirm')).toEqual([['sports']])
    w.unmount()
  })

  it('reads in English without Chinese outside data names', async () => {
    i18n.global.locale.value = 'en'
    const w = mount(CarryBanner, { props: { sections: [section('sports', true)], busy: '', readonly: false }, global: { plugins: [i18n, Vant] } })
    const text = w.text().replace('体育特色学校', '')
    expect(text).toContain('Sports specialist school')
    expect(/[\u3400-\u9fff]/.test(text)).toBe(false)
    w.unmount()
  })

  it('has the same message keys in Chinese and English', () => {
    expect(Object.keys(en.carry).sort()).toEqual(Object.keys(zh.carry).sort())
  })

  it('passes prev values to the rules: a 40% payroll jump warns only with last year given', () => {
    const form = parse(readFileSync(resolve(__dirname, '../../../seeds/forms/teacher-training.yaml'), 'utf8')) as Form
    const values = { payroll_total: '140000', training_spend: '2100' }
    const codes = (prev?: Record<string, unknown>) => evaluate(form, values, prev).warnings.map((w) => w.code)
    expect(codes({ payroll_total: '100000.00' })).toContain('payroll_jump')
    expect(codes({ payroll_total: '120000.00' })).not.toContain('payroll_jump')
    expect(codes()).not.toContain('payroll_jump')
  })
})
