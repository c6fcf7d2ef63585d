// The clerk's phone: photos scaled down before upload, ratios read as percentages with their
// target, schema English (units, sections) in English mode, the task list's summary and orders.
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import Vant from 'vant'
import { i18n, setLang } from '../../src/i18n'
import FieldInput from '../../src/components/FieldInput.vue'
import { jpegName, MAX_PHOTO_SIDE, scaledSize } from '../../src/format/photo'
import { formatValue, percentText, shiftPoint, targetValueText } from '../../src/format/value'
import { doneCount, sortTasks } from '../../src/format/tasks'
import type { Field, Form, Task } from '../../src/api/types'

const load = (name: string) => parse(readFileSync(resolve(__dirname, '../../../seeds/forms', name + '.yaml'), 'utf8')) as Form
const training = load('teacher-training')
const field = (k: string) => training.fields.find((f) => f.key === k) as Field
const words = { yes: 'yes', no: 'no', empty: '—', rows: (n: number) => `${n} rows` }

afterEach(() => setLang('zh-CN'))

describe('photo downscale size', () => {
  it('scales the long side to 1600 and keeps proportions', () => {
    expect(MAX_PHOTO_SIDE).toBe(1600)
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200, scaled: true })
    expect(scaledSize(3000, 4000)).toEqual({ width: 1200, height: 1600, scaled: true })
    expect(scaledSize(4032, 1816)).toEqual({ width: 1600, height: 721, scaled: true })
    expect(scaledSize(20000, 10)).toEqual({ width: 1600, height: 1, scaled: true })
  })
  it('keeps small images and rejects empty ones', () => {
    expect(scaledSize(1600, 1200)).toEqual({ width: 1600, height: 1200, scaled: false })
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600, scaled: false })
    expect(scaledSize(0, 600).scaled).toBe(false)
    expect(scaledSize(5000, 5000, 256)).toEqual({ width: 256, height: 256, scaled: true })
  })
  it('names the scaled file .jpg', () => {
    expect(jpegName('IMG_0001.HEIC.png')).toBe('IMG_0001.HEIC.jpg')
    expect(jpegName('证书.png')).toBe('证书.jpg')
    expect(jpegName('photo')).toBe('photo.jpg')
  })
})

describe('ratios as percentages', () => {
  it('moves the point exactly and rounds half away from zero', () => {
    expect(shiftPoint('0.0138', 2, 2)).toBe('1.38')
    expect(shiftPoint('0.01495', 2, 2)).toBe('1.50')
    expect(shiftPoint('0.014949', 2, 2)).toBe('1.49')
    expect(shiftPoint('1', 2, 0)).toBe('100')
    expect(shiftPoint('-0.00001', 2, 2)).toBe('0.00')
    expect(shiftPoint('-0.5', 2, 1)).toBe('-50.0')
  })
  it('reads the teacher-training ratio as 1.38% with its target', () => {
    const ratio = field('training_ratio')
    expect(percentText(ratio, '0.0138')).toBe('1.38%')
    expect(formatValue(ratio, '0.0138', words, 'zh-CN')).toBe('1.38%')
    expect(targetValueText(ratio)).toBe('≥ 1.5%')
    expect(formatValue(field('payroll_total'), '8000000.00', words, 'zh-CN')).toBe('8,000,000.00 元')
    expect(formatValue(field('trainees'), 30, words, 'zh-CN')).toBe('30 人次')
  })
  it('shows the percentage and the target in the form, the stored ratio while editing', async () => {
    await setLang('en')
    const ratio = field('training_ratio')
    const w = mount(FieldInput, { props: { field: ratio, path: 'training_ratio', modelValue: '0.0138', computed: true }, global: { plugins: [i18n, Vant] } })
    expect((w.find('input').element as HTMLInputElement).value).toBe('1.38%')
    expect(w.find('[data-testid="target-training_ratio"]').text()).toBe('Target ≥ 1.5%')
    expect(w.findAll('input')).toHaveLength(1) // one control, one label
    expect(w.find('.cell-custom').exists()).toBe(false)
    w.unmount()
  })
  it('renders a number field once (the target line does not break the field/cell choice)', () => {
    const w = mount(FieldInput, { props: { field: field('payroll_total'), path: 'payroll_total', modelValue: '1000.00' }, global: { plugins: [i18n, Vant] } })
    expect(w.findAll('input')).toHaveLength(1)
    expect(w.find('.cell-custom').exists()).toBe(false)
    expect(w.find('.target').exists()).toBe(false)
    w.unmount()
  })
})

describe('English from the schema', () => {
  it('shows unit_en and label_en in English, the Chinese in Chinese', async () => {
    const trainees = field('trainees')
    const mk = () => mount(FieldInput, { props: { field: trainees, path: 'trainees', modelValue: 3 }, global: { plugins: [i18n, Vant] } })
    let w = mk()
    expect(w.find('.unit').text()).toBe('人次')
    w.unmount()
    await setLang('en')
    w = mk()
    expect(w.find('.unit').text()).toBe('person-times')
    expect(w.text()).not.toMatch(/[\u3400-\u9fff\uff1a]/)
    w.unmount()
  })
  it('every seeded form has English for each unit and its plan section', () => {
    const dir = resolve(__dirname, '../../../seeds/forms')
    for (const code of ['teacher-training', 'compulsory', 'family-school', 'school-building']) {
      const f = load(code)
      expect(f.plan_section_en, code).toMatch(/^Plan [IV]+/)
      const walk = (fs: Field[]) => {
        for (const x of fs) {
          if (x.unit && /[\u3400-\u9fff]/.test(x.unit)) expect(x.unit_en, `${code}.${x.key}`).toBeTruthy()
          walk(x.fields ?? [])
        }
      }
      walk(f.fields)
    }
    expect(dir).toBeTruthy()
  })
})

describe('task list', () => {
  const task = (id: number, status: string, deadline: string, overdue = false) => ({ id, status, deadline, overdue }) as Task
  const tasks = [
    task(1, 'approved', '2026-01-10T00:00:00Z', true),
    task(2, 'draft', '2026-03-01T00:00:00Z'),
    task(3, 'not_started', '2026-01-20T00:00:00Z', true),
    task(4, 'returned', '2026-04-01T00:00:00Z'),
    task(5, 'submitted', '2026-02-01T00:00:00Z'),
  ]
  it('counts submitted and approved as done', () => {
    expect(doneCount(tasks)).toEqual({ done: 2, total: 5 })
    expect(doneCount([])).toEqual({ done: 0, total: 0 })
  })
  it('puts overdue and not handed in first, then open ones by deadline, handed in last', () => {
    expect(sortTasks(tasks, 'urgent').map((x) => x.id)).toEqual([3, 2, 4, 1, 5])
  })
  it('sorts by deadline and by status', () => {
    expect(sortTasks(tasks, 'deadline').map((x) => x.id)).toEqual([1, 3, 5, 2, 4])
    expect(sortTasks(tasks, 'status').map((x) => x.id)).toEqual([4, 3, 2, 5, 1])
    expect(tasks.map((x) => x.id)).toEqual([1, 2, 3, 4, 5]) // not sorted in place
  })
})
