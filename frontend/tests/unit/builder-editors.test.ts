// The builder's editors for repeat columns and the newer rule shapes, mounted on the builder store:
// columns are added, retyped, reordered and removed in the draft; "sum of a repeat column" and
// the A > B / N%-change checks write the JSON Logic the model functions write.
import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import { mergeBuilderMessages } from '../../src/i18n/builder'
import RepeatColumns from '../../src/components/builder/RepeatColumns.vue'
import RuleEditor from '../../src/components/builder/RuleEditor.vue'
import CheckEditor from '../../src/components/builder/CheckEditor.vue'
import TestCases from '../../src/components/builder/TestCases.vue'
import { useBuilder } from '../../src/stores/builder'
import { changeCheck, compareCheck, sumRule } from '../../src/components/builder/model'
import { prevKeys, runTest } from '../../src/components/builder/testcases'

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  mergeBuilderMessages()
  i18n.global.locale.value = 'zh-CN'
})
const opts = () => ({ global: { plugins: [pinia, i18n, Vant] } })

describe('repeat columns', () => {
  it('adds, retypes, reorders and removes columns, keeping at least one', async () => {
    const b = useBuilder()
    b.start('rep')
    b.addField('repeat')
    const w = mount(RepeatColumns, { props: { index: 0 }, ...opts() })
    const cols = () => b.form.fields[0].fields!.map((c) => `${c.key}:${c.type}`)
    expect(cols()).toEqual(['item:text'])
    expect(w.get('[data-testid="col-remove-0"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="col-add"]').trigger('click')
    expect(cols()).toEqual(['item:text', 'col_2:integer'])
    await w.get('[data-testid="col-type-1"]').setValue('decimal')
    await w.get('[data-testid="col-unit-1"]').setValue('㎡')
    await w.get('[data-testid="col-label-1"]').setValue('面积')
    expect(b.form.fields[0].fields![1]).toMatchObject({ type: 'decimal', scale: 4, unit: '㎡', label: '面积' })
    await w.get('[data-testid="col-type-1"]').setValue('single_choice')
    expect(b.form.fields[0].fields![1].unit).toBeUndefined()
    expect(b.form.fields[0].fields![1].options?.length).toBe(2)
    await w.get('[data-testid="col-up-1"]').trigger('click')
    expect(cols()).toEqual(['col_2:single_choice', 'item:text'])
    await w.get('[data-testid="col-remove-0"]').trigger('click')
    expect(cols()).toEqual(['item:text'])
  })
})

describe('rule editors', () => {
  it('writes and reads back "sum of a repeat column"', async () => {
    const w = mount(RuleEditor, { props: { rule: undefined, numeric: ['a'], repeats: { rooms: ['area', 'height'], empty: [] } }, ...opts() })
    await w.get('[data-testid="calc-sum"]').setValue(true)
    expect(w.emitted('update:rule')!.at(-1)).toEqual([sumRule('rooms', 'area')])
    await w.get('[data-testid="calc-column"]').setValue('height')
    expect(w.emitted('update:rule')!.at(-1)).toEqual([sumRule('rooms', 'height')])
    // Only groups with a number column are offered.
    expect(w.findAll('[data-testid="calc-repeat"] option').map((o) => o.text())).toEqual(['rooms'])
    const back = mount(RuleEditor, { props: { rule: sumRule('rooms', 'height'), numeric: [], repeats: { rooms: ['area', 'height'] } }, ...opts() })
    expect((back.get('[data-testid="calc-sum"]').element as HTMLInputElement).checked).toBe(true)
    expect((back.get('[data-testid="calc-column"]').element as HTMLSelectElement).value).toBe('height')
  })
  it('adds A > B and N%-change checks and describes them in words', async () => {
    const b = useBuilder()
    b.start('ck')
    b.form.fields.push({ key: 'used', label: 'U', type: 'integer' }, { key: 'cap', label: 'C', type: 'integer' })
    const w = mount(CheckEditor, opts())
    await w.get('[data-testid="ck-shape"]').setValue('compare')
    await w.get('[data-testid="ck-a"]').setValue('used')
    await w.get('[data-testid="ck-b"]').setValue('used')
    await w.get('[data-testid="ck-message"]').setValue('超出')
    await w.get('[data-testid="ck-add"]').trigger('click')
    expect(b.form.checks ?? []).toEqual([]) // the same field twice is refused
    await w.get('[data-testid="ck-b"]').setValue('cap')
    await w.get('[data-testid="ck-severity"]').setValue('error')
    await w.get('[data-testid="ck-add"]').trigger('click')
    expect(b.form.checks).toEqual([compareCheck('used_over_cap', 'used', 'cap', 'error', '超出', '')])
    await w.get('[data-testid="ck-shape"]').setValue('change')
    await w.get('[data-testid="ck-field"]').setValue('cap')
    await w.get('[data-testid="ck-pct"]').setValue('150')
    await w.get('[data-testid="ck-add"]').trigger('click')
    expect(b.form.checks!.length).toBe(1) // over 100% is refused
    await w.get('[data-testid="ck-pct"]').setValue('25')
    await w.get('[data-testid="ck-severity"]').setValue('warning')
    await w.get('[data-testid="ck-add"]').trigger('click')
    expect(b.form.checks![1]).toEqual(changeCheck('cap_change', 'cap', 25, 'warning', '超出', ''))
    expect(w.get('[data-testid="check-used_over_cap"]').text()).toContain('used 大于 cap')
    expect(w.get('[data-testid="check-cap_change"]').text()).toContain('25%')
  })
})

describe('test cases panel', () => {
  it('saves the preview as a case that passes, and shows it failing when the rules change', async () => {
    const b = useBuilder()
    b.start('tc')
    b.form.fields.push({ key: 'used', label: 'U', type: 'integer' }, { key: 'cap', label: 'C', type: 'integer' })
    b.setCheck(compareCheck('used_over_cap', 'used', 'cap', 'warning', '超出', ''))
    b.setTestValue('used', '5')
    b.setTestValue('cap', '3')
    const w = mount(TestCases, opts())
    await w.get('[data-testid="tc-save"]').trigger('click')
    expect(w.find('[role="alert"]').exists()).toBe(true) // a case needs a name
    await w.get('[data-testid="tc-name"]').setValue('超出容量')
    await w.get('[data-testid="tc-save"]').trigger('click')
    expect(w.get('[data-testid="tc-status-超出容量"]').text()).toBe('通过')
    b.removeCheck('used_over_cap')
    await w.vm.$nextTick()
    expect(w.get('[data-testid="tc-status-超出容量"]').text()).toBe('未通过')
    expect(w.get('[data-testid="tc-超出容量"]').text()).toContain('warnings: want [used_over_cap], got []')
    expect(b.yaml).toContain('超出容量')
  })
})

describe('last period in the test cases panel', () => {
  it('offers the fields the rules read as prev, and saves their values with the case', async () => {
    const b = useBuilder()
    b.start('tcp')
    b.form.fields.push({ key: 'pay', label: 'P', type: 'money' }, { key: 'other', label: 'O', type: 'integer' })
    const w = mount(TestCases, opts())
    expect(w.find('[data-testid="tc-prev-pay"]').exists()).toBe(false)
    b.setCheck(changeCheck('pay_change', 'pay', 30, 'warning', '变化大', ''))
    await w.vm.$nextTick()
    expect(prevKeys(b.candidate)).toEqual(['pay'])
    b.setTestValue('pay', '200')
    expect(b.result.warnings).toEqual([]) // no last period: no warning
    await w.get('[data-testid="tc-prev-pay"]').setValue('100')
    expect(b.result.warnings.map((x) => x.code)).toEqual(['pay_change'])
    await w.get('[data-testid="tc-name"]').setValue('翻倍')
    await w.get('[data-testid="tc-save"]').trigger('click')
    const tc = b.tests[0].tc
    expect(tc.prev).toEqual({ pay: '100' })
    expect(tc.expect.warnings).toEqual(['pay_change'])
    expect(b.tests[0].diffs).toEqual([])
    expect(runTest(b.candidate, { ...tc, prev: undefined })).toEqual(['warnings: want [pay_change], got []'])
  })
})
