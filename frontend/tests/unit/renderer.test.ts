import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { computed, defineComponent, h, reactive } from 'vue'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import FormRenderer from '../../src/components/FormRenderer.vue'
import { evaluate } from '../../src/rules/evaluate'
import type { Form } from '../../src/api/types'

const load = (name: string) => parse(readFileSync(resolve(__dirname, '../../../seeds/forms', name + '.yaml'), 'utf8')) as Form

function harness(form: Form, initial: Record<string, unknown> = {}, readonly = false) {
  const values = reactive<Record<string, unknown>>(initial)
  const Host = defineComponent({
    setup() {
      const result = computed(() => evaluate(form, values))
      const messagesFor = (path: string) => [
        ...result.value.errors.filter((e) => e.field === path && e.code !== 'required').map((e) => ({ kind: 'error' as const, text: e.message })),
        ...result.value.warnings.filter((w) => w.field === path).map((w) => ({ kind: 'warning' as const, text: w.message })),
      ]
      return () => h(FormRenderer, { form, values, result: result.value, readonly, messagesFor , onSet: (k: string, v: unknown) => { if (v === undefined) delete values[k]; else values[k] = v } })
    },
  })
  const w = mount(Host, { global: { plugins: [i18n, Vant] }, attachTo: document.body })
  return { w, values }
}

describe('form renderer', () => {
  it('renders every field of teacher-training with labels, units and the computed ratio live', async () => {
    const { w } = harness(load('teacher-training'))
    for (const k of ['payroll_total', 'training_spend', 'training_ratio', 'trainees', 'training_hours']) expect(w.find(`[data-testid="field-${k}"]`).exists()).toBe(true)
    expect(w.find('label[for="f-payroll_total"]').text()).toContain('教师工资总额')
    await w.find('[data-testid="input-payroll_total"] input').setValue('1000000')
    await w.find('[data-testid="input-training_spend"] input').setValue('10000')
    expect((w.find('[data-testid="input-training_ratio"] input').element as HTMLInputElement).value).toBe('1.00%') // the ratio 0.0100 as a percentage
    expect(w.find('[data-testid="target-training_ratio"]').text()).toBe('目标 ≥ 1.5%')
    expect(w.find('[data-testid="input-training_ratio"] input').attributes('readonly')).toBeDefined()
    expect(w.find('[data-testid="issue-training_spend-warning"]').text()).toContain('1.5%')
    await w.find('[data-testid="input-training_spend"] input').setValue('2000000')
    expect(w.find('[data-testid="issue-training_spend-error"]').text()).toContain('不能超过')
    w.unmount()
  })

  it('hides fields whose relevant rule is false and shows them when it turns true', async () => {
    const { w } = harness(load('family-school'))
    expect(w.find('[data-testid="field-committee_members"]').exists()).toBe(false)
    await w.find('[data-testid="input-has_parent_committee-yes"]').trigger('click')
    expect(w.find('[data-testid="field-committee_members"]').exists()).toBe(true)
    w.unmount()
  })

  it('adds and removes repeat-group rows and sums them', async () => {
    const { w, values } = harness(load('compulsory'))
    await w.find('[data-testid="add-row-grades"]').trigger('click')
    await w.find('[data-testid="add-row-grades"]').trigger('click')
    expect(w.findAll('[data-testid^="row-grades-"]').length).toBe(2)
    await w.find('[data-testid="input-grades[0].students"] input').setValue('45')
    await w.find('[data-testid="input-grades[1].students"] input').setValue('50')
    await w.find('[data-testid="input-grades[0].grade"]').setValue('g1')
    expect(values.grades[0]).toEqual({ grade: 'g1', students: '45' })
    expect((w.find('[data-testid="input-students_total"] input').element as HTMLInputElement).value).toBe('95')
    await w.find('[data-testid="remove-row-grades-1"]').trigger('click')
    // The delete asks first (tests/unit/clerk-fixes.test.ts covers cancel): confirm it.
    for (let i = 0; i < 50 && !document.querySelector('.van-dialog__confirm'); i++) await new Promise((r) => setTimeout(r, 10))
    ;(document.querySelector('.van-dialog__confirm') as HTMLElement).click()
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10))
    expect(w.findAll('[data-testid^="row-grades-"]').length).toBe(1)
    w.unmount()
  })

  it('renders choices, booleans, attachments and is read-only when asked', () => {
    const { w } = harness(load('sports-arts'), { sports_specialist: true }, true)
    expect(w.find('[data-testid="input-sports_level"]').element.tagName).toBe('SELECT')
    expect(w.find('[data-testid="field-sports_certificate"]').attributes('data-field-type')).toBe('attachment')
    expect(w.find('[data-testid="add-row-grades"]').exists()).toBe(false)
    expect(w.find('input[type="file"]').exists()).toBe(false)
    w.unmount()
  })
})
