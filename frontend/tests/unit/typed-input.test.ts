// Number input as people type it: "8,000,000", full-width digits and a 万 suffix are read and shown
// back normalised when the box loses focus; what cannot be read stays on screen, marked, and the
// draft is never reported as synced while the server does not have it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { computed, defineComponent, h, reactive } from 'vue'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import FormRenderer from '../../src/components/FormRenderer.vue'
import { canonicalInput, evaluate, heldPaths, normalize } from '../../src/rules/evaluate'
import { useAutosave, type DraftStorage, type LocalDraft } from '../../src/stores/autosave'
import { Client, type TokenStore } from '../../src/api/client'
import type { Form } from '../../src/api/types'

const load = (name: string) => parse(readFileSync(resolve(__dirname, '../../../seeds/forms', name + '.yaml'), 'utf8')) as Form
const training = load('teacher-training')
const compulsory = load('compulsory')

function harness(form: Form, initial: Record<string, unknown> = {}) {
  const values = reactive<Record<string, unknown>>(initial)
  const Host = defineComponent({
    setup() {
      const result = computed(() => evaluate(form, values))
      const messagesFor = (path: string) => result.value.errors.filter((e) => e.field === path && e.code !== 'required').map((e) => ({ kind: 'error' as const, text: e.message }))
      return () => h(FormRenderer, { form, values, result: result.value, messagesFor , onSet: (k: string, v: unknown) => { if (v === undefined) delete values[k]; else values[k] = v } })
    },
  })
  const w = mount(Host, { global: { plugins: [i18n, Vant] }, attachTo: document.body })
  return { w, values }
}

describe('typed number input', () => {
  it('reads what people type as the server does', () => {
    const f = (k: string) => training.fields.find((x) => x.key === k)!
    expect(canonicalInput(f('payroll_total'), '8,000,000')).toBe('8000000.00')
    expect(canonicalInput(f('payroll_total'), '８００万')).toBe('8000000.00')
    expect(canonicalInput(f('payroll_total'), '1.5万元')).toBe('15000.00')
    expect(canonicalInput(f('trainees'), '１，２００')).toBe(1200)
    expect(canonicalInput(f('training_hours'), '７２．５')).toBe('72.5')
    expect(canonicalInput(f('trainees'), '3万')).toBeNull()
    expect(canonicalInput(f('payroll_total'), '8,00')).toBeNull()
    expect(canonicalInput(f('payroll_total'), '-1')).toBeNull() // below min 0
    expect(normalize(training, { payroll_total: '8 000 000', training_spend: '\ufeff120,000' }).values).toEqual({ payroll_total: '8000000.00', training_spend: '120000.00' })
  })

  it('shows a readable input back normalised when the box loses focus', async () => {
    const { w, values } = harness(training)
    const box = w.find('[data-testid="input-payroll_total"] input')
    await box.setValue('8,000,000')
    expect(values.payroll_total).toBe('8,000,000') // as typed while typing
    await box.trigger('blur')
    expect(values.payroll_total).toBe('8000000.00')
    expect((box.element as HTMLInputElement).value).toBe('8,000,000.00') // read with separators once left
    await box.trigger('focus')
    expect((box.element as HTMLInputElement).value).toBe('8000000.00') // and as stored while editing
    const spend = w.find('[data-testid="input-training_spend"] input')
    await spend.setValue('１２万')
    await spend.trigger('blur')
    expect(values.training_spend).toBe('120000.00')
    expect((w.find('[data-testid="input-training_ratio"] input').element as HTMLInputElement).value).toBe('1.50%') // the ratio 0.0150 reads as a percentage
    const trainees = w.find('[data-testid="input-trainees"] input')
    await trainees.setValue('１，２３４')
    await trainees.trigger('blur')
    expect(values.trainees).toBe(1234)
    expect(w.find('[data-held]').exists()).toBe(false)
    w.unmount()
  })

  it('keeps an unreadable input on screen, marked as not saved to the server', async () => {
    const { w, values } = harness(training)
    const box = w.find('[data-testid="input-payroll_total"] input')
    await box.setValue('8,00,000')
    await box.trigger('blur')
    expect(values.payroll_total).toBe('8,00,000')
    expect((box.element as HTMLInputElement).value).toBe('8,00,000')
    expect(w.find('[data-testid="field-payroll_total"]').attributes('data-held')).toBe('true')
    expect(w.find('[data-testid="held-payroll_total"]').text()).toContain('未同步')
    expect(w.find('[data-testid="issue-payroll_total-error"]').text()).toContain('数字')
    expect(heldPaths(training, values)).toEqual(['payroll_total'])
    await box.setValue('800万')
    await box.trigger('blur')
    expect(values.payroll_total).toBe('8000000.00')
    expect(w.find('[data-held]').exists()).toBe(false)
    w.unmount()
  })

  it('marks an unreadable cell of a repeat row', async () => {
    const { w, values } = harness(compulsory, { grades: [{ grade: 'g1' }] })
    const cell = w.find('[data-testid="input-grades[0].students"] input')
    await cell.setValue('4５')
    await cell.trigger('blur')
    expect(values.grades[0].students).toBe(45)
    await cell.setValue('45人')
    await cell.trigger('blur')
    expect(values.grades[0].students).toBe('45人')
    expect(w.find('[data-testid="held-grades[0].students"]').exists()).toBe(true)
    expect(heldPaths(compulsory, values)).toEqual(['grades[0].students'])
    w.unmount()
  })
})

describe('autosave with held input', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())
  const tokens: TokenStore = { access: () => 'a', refresh: () => 'r', set: () => {} }
  function memStorage(): DraftStorage {
    const m = new Map<number, LocalDraft>()
    return { get: (id) => m.get(id) ?? null, put: (d) => void m.set(d.id, JSON.parse(JSON.stringify(d))), remove: (id) => void m.delete(id) }
  }

  it('is never synced while an entered value cannot be read; the draft stays on the device', async () => {
    const sent: unknown[] = []
    let version = 1
    const client = new Client('/api/v1', tokens, async (_u, init) => {
      const b = JSON.parse(String(init!.body))
      sent.push(b.values)
      return new Response(JSON.stringify({ version: ++version, values: b.values, updated_at: '' }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    const storage = memStorage()
    const s = useAutosave({ client, id: 5, version: 1, storage, debounceMs: 10, toServer: (v) => normalize(training, v).values, held: (v) => heldPaths(training, v) })
    s.change({ payroll_total: '8,00,000', training_spend: '1,200' })
    await vi.advanceTimersByTimeAsync(20)
    expect(sent.at(-1)).toEqual({ training_spend: '1200.00' })
    expect(s.state.value).toBe('held')
    expect(s.held.value).toEqual(['payroll_total'])
    expect(storage.get(5)).toMatchObject({ dirty: true, values: { payroll_total: '8,00,000' } })
    expect(i18n.global.t('fill.save.held', { n: 1 })).toContain('1 项')

    s.change({ payroll_total: '800,000', training_spend: '1,200' })
    await vi.advanceTimersByTimeAsync(20)
    expect(sent.at(-1)).toEqual({ payroll_total: '800000.00', training_spend: '1200.00' })
    expect(s.state.value).toBe('synced')
    expect(s.held.value).toEqual([])
    expect(storage.get(5)?.dirty).toBe(false)

    // A reload finds the server already has the readable values: the unreadable one stays held.
    s.markSynced({ payroll_total: 'abc', training_spend: '1,200' })
    expect(s.state.value).toBe('held')
    expect(storage.get(5)).toMatchObject({ dirty: true, values: { payroll_total: 'abc' } })
    s.dispose()
  })
})
