// The form builder's model: YAML → builder model → YAML round-trips every seeded form exactly;
// the visual rule shapes write JSON Logic that the clerk's evaluator computes and warns with, and
// are recognised again when read back; the builder's endpoint functions.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, type FetchLike } from '../../src/api/client'
import { dryRunForm, exportFormXLSX, publishForm, readFormXLSX } from '../../src/api/builder'
import { parse } from 'yaml'
import type { Form } from '../../src/api/types'
import { arithRule, boundCheck, changeCheck, compareCheck, readChange, readCompare, readSum, sumRule, readShow, showRule, clean, formFromYAML, formToYAML, freeKey, move, newField, newForm, readArith, readBound } from '../../src/components/builder/model'
import { evaluate } from '../../src/rules/evaluate'

const dir = join(__dirname, '../../../seeds/forms')
const seeds = readdirSync(dir).filter((f) => f.endsWith('.yaml'))

describe('YAML round trip', () => {
  it('has seeded forms to read', () => expect(seeds.length).toBeGreaterThan(5))
  for (const name of seeds) {
    it(`${name}: YAML → model → YAML is the same document, and stable`, () => {
      const text = readFileSync(join(dir, name), 'utf8')
      const model = formFromYAML(text)
      const out = formToYAML(model)
      expect(parse(out)).toEqual(parse(text))
      expect(formToYAML(formFromYAML(out))).toBe(out)
    })
  }
  it('refuses text that is not a form', () => {
    expect(() => formFromYAML('- a\n- b\n')).toThrow()
    expect(() => formFromYAML('code: x\n')).toThrow()
  })
  it('drops only what the builder left empty', () => {
    const f = newForm('probe')
    f.title = 'T'
    f.fields.push({ key: 'a', label: 'A', label_en: '', type: 'integer', unit: '', min: '0' })
    f.checks = []
    const c = clean(f)
    expect(c.fields[0]).toEqual({ key: 'a', label: 'A', type: 'integer', min: '0' })
    expect('checks' in c).toBe(false)
    expect(f.fields[0].label_en).toBe('') // the draft itself is untouched
  })
})

describe('rules without JSON', () => {
  const form = (): Form => {
    const f = newForm('ratio')
    f.title = '比例'
    f.fields.push({ key: 'teachers', label: '教师', type: 'integer', min: '0' }, { key: 'students', label: '学生', type: 'integer', min: '0' },
      { key: 'ratio', label: '师生比', type: 'decimal', scale: 4, calculate: arithRule('/', 'teachers', 'students') })
    f.checks = [boundCheck('ratio_below', 'ratio', 'below', 0.05, 'warning', '师生比偏低', 'Ratio is low')]
    return f
  }
  it('computes A ÷ B and warns below the value with the clerk evaluator', () => {
    const r = evaluate(form(), { teachers: 4, students: 100 })
    expect(String(r.computed.ratio)).toBe('0.0400')
    expect(r.warnings.map((w) => w.field)).toEqual(['ratio'])
    const ok = evaluate(form(), { teachers: 10, students: 100 })
    expect(String(ok.computed.ratio)).toBe('0.1000')
    expect(ok.warnings).toEqual([])
  })
  it('shows no warning while the ratio is empty, nor when B is 0', () => {
    expect(evaluate(form(), {}).warnings).toEqual([])
    expect(evaluate(form(), { teachers: 3, students: 0 }).warnings).toEqual([])
  })
  it('reads back what it wrote, and nothing else', () => {
    const f = form()
    expect(readArith(f.fields[2].calculate)).toEqual({ op: '/', a: 'teachers', b: 'students' })
    expect(f.fields[2].calculate).toEqual({ if: [{ var: 'students' }, { '/': [{ var: 'teachers' }, { var: 'students' }] }, null] })
    expect(readArith({ '+': [{ var: 'a' }, { var: 'b' }] })).toEqual({ op: '+', a: 'a', b: 'b' })
    expect(readArith({ '/': [{ var: 'a' }, 2] })).toBeNull()
    expect(readArith({ if: [{ var: 'x' }, { '/': [{ var: 'a' }, { var: 'b' }] }, null] })).toBeNull()
    expect(readBound(f.checks![0])).toEqual({ field: 'ratio', dir: 'below', value: 0.05 })
    expect(readBound({ key: 'k', severity: 'error', message: 'm', rule: { '>': [{ var: 'a' }, 1] } })).toBeNull()
    const rt = formFromYAML(formToYAML(f))
    expect(readBound(rt.checks![0])).toEqual({ field: 'ratio', dir: 'below', value: 0.05 })
  })
})

describe('more rule shapes without JSON', () => {
  const form = (): Form => {
    const f = newForm('shapes')
    f.title = '形状'
    f.fields.push(
      { key: 'rooms', label: '房间', type: 'repeat', fields: [{ key: 'name', label: '名称', type: 'text' }, { key: 'area', label: '面积', type: 'decimal', scale: 2 }] },
      { key: 'area_total', label: '总面积', type: 'decimal', scale: 2, calculate: sumRule('rooms', 'area') },
      { key: 'used', label: '已用', type: 'integer', min: '0' },
      { key: 'capacity', label: '容量', type: 'integer', min: '0' },
      { key: 'payroll', label: '工资', type: 'money' },
    )
    f.checks = [
      compareCheck('used_over', 'used', 'capacity', 'error', '已用超过容量', 'Used exceeds capacity'),
      changeCheck('payroll_jump', 'payroll', 30, 'warning', '工资变化超过30%', 'Payroll changed by over 30%'),
    ]
    return f
  }
  it('sums a repeat column, an empty cell as 0', () => {
    const r = evaluate(form(), { rooms: [{ name: 'a', area: '12.5' }, { name: 'b' }, { name: 'c', area: '7.25' }] })
    expect(String(r.computed.area_total)).toBe('19.75')
    expect(String(evaluate(form(), { rooms: [] }).computed.area_total)).toBe('0.00')
  })
  it('blocks when A > B, and not while either is empty or A ≤ B', () => {
    expect(evaluate(form(), { used: 11, capacity: 10 }).errors.map((e) => e.field)).toContain('used')
    expect(evaluate(form(), { used: 10, capacity: 10 }).errors.filter((e) => e.field === 'used')).toEqual([])
    expect(evaluate(form(), { used: 11 }).errors.filter((e) => e.field === 'used')).toEqual([])
  })
  it('warns when a value moves by more than N% from last period, only when last period has it', () => {
    const w = (v: number, prev?: number) => evaluate(form(), { payroll: v }, prev === undefined ? null : { payroll: prev }).warnings.map((x) => x.field)
    expect(w(131, 100)).toEqual(['payroll'])
    expect(w(69, 100)).toEqual(['payroll'])
    expect(w(130, 100)).toEqual([])
    expect(w(70, 100)).toEqual([])
    expect(w(500)).toEqual([])
  })
  it('reads each shape back from its JSON Logic, through YAML, and nothing else', () => {
    const rt = formFromYAML(formToYAML(form()))
    expect(readSum(rt.fields[1].calculate)).toEqual({ repeat: 'rooms', column: 'area' })
    expect(readCompare(rt.checks![0])).toEqual({ a: 'used', b: 'capacity' })
    expect(readChange(rt.checks![1])).toEqual({ field: 'payroll', pct: 30 })
    for (const pct of [1, 12.5, 15, 25, 99, 100]) expect(readChange(changeCheck('k', 'x', pct, 'warning', 'm', ''))?.pct).toBe(pct)
    // Other shapes are not mistaken for these.
    expect(readSum(arithRule('+', 'a', 'b'))).toBeNull()
    expect(readSum({ reduce: [{ var: 'r' }, { '*': [{ var: 'accumulator' }, { var: ['current.x', 0] }] }, 0] })).toBeNull()
    expect(readCompare(boundCheck('k', 'a', 'below', 1, 'warning', 'm', ''))).toBeNull()
    expect(readCompare({ key: 'k', severity: 'error', message: 'm', rule: { or: [{ missing: ['a', 'c'] }, { '<=': [{ var: 'a' }, { var: 'b' }] }] } })).toBeNull()
    expect(readChange(compareCheck('k', 'a', 'b', 'warning', 'm', ''))).toBeNull()
    const odd = changeCheck('k', 'x', 30, 'warning', 'm', '')
    ;((odd.rule as { or: [unknown, { and: Record<string, unknown[]>[] }] }).or[1].and[1]['>='][1] as { '*': unknown[] })['*'][0] = 0.5
    expect(readChange(odd)).toBeNull()
    expect(readBound(rt.checks![1])).toBeNull()
  })
})

describe('show when', () => {
  it('hides a field until the condition holds, with the value read as the field\'s kind', () => {
    const f = newForm('show')
    f.fields.push({ key: 'n', label: 'N', type: 'integer' }, { key: 'why', label: 'Why', type: 'text' })
    f.fields[1].relevant = showRule(f.fields[0], '>', '3')
    expect(f.fields[1].relevant).toEqual({ '>': [{ var: 'n' }, 3] })
    expect(evaluate(f, { n: 2 }).hidden).toEqual(['why'])
    expect(evaluate(f, { n: 5 }).hidden).toEqual([])
    expect(readShow(f.fields[1].relevant)).toEqual({ field: 'n', op: '>', value: '3' })
    expect(showRule({ key: 'b', label: 'B', type: 'boolean' }, '==', 'true')).toEqual({ '==': [{ var: 'b' }, true] })
    expect(readShow({ '==': [{ var: 'a' }, { var: 'b' }] })).toBeNull()
  })
})

describe('fields', () => {
  it('keys are free and new fields carry their required parts', () => {
    const fs = [newField('integer', 'field_1'), newField('single_choice', 'field_2')]
    expect(freeKey(fs)).toBe('field_3')
    expect(fs[1].options?.length).toBe(2)
    expect(newField('repeat', 'r').fields?.length).toBe(1)
  })
  it('moves in place and ignores moves out of range', () => {
    const l = ['a', 'b', 'c']
    move(l, 0, 2)
    expect(l).toEqual(['b', 'c', 'a'])
    move(l, 0, -1)
    expect(l).toEqual(['b', 'c', 'a'])
  })
})

describe('builder endpoints', () => {
  const realFetch = api.fetchFn
  const realTokens = api.tokens
  afterEach(() => {
    api.fetchFn = realFetch
    api.tokens = realTokens
  })
  function record(answer: () => Response) {
    const calls: { method: string; url: string; type: string; body: unknown }[] = []
    const f: FetchLike = async (url, init) => {
      const h = (init?.headers ?? {}) as Record<string, string>
      calls.push({ method: init?.method ?? 'GET', url, type: h['Content-Type'] ?? '', body: init?.body })
      return answer()
    }
    api.fetchFn = f
    api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
    return calls
  }
  const ok = (body: unknown) => () => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })

  it('dry-runs and publishes the candidate as JSON, under its code', async () => {
    const calls = record(ok({}))
    const f = newForm('a b')
    await dryRunForm(f)
    await publishForm(f)
    expect(calls.map((c) => [c.method, c.url, c.type])).toEqual([['POST', '/api/v1/forms/a%20b/dry-run', 'application/json'], ['POST', '/api/v1/forms', 'application/json']])
    expect(JSON.parse(String(calls[0].body)).code).toBe('a b')
  })

  it('sends a workbook as is and reads the export as a blob', async () => {
    const calls = record(ok({ code: 'x', fields: [] }))
    const file = new Blob(['PK'])
    await readFormXLSX(file)
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/v1/forms/read-xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: file })
    record(() => new Response('PKxx', { status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }))
    expect(await (await exportFormXLSX('x')).text()).toBe('PKxx')
    record(() => new Response(JSON.stringify({ code: 'forbidden' }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } }))
    await expect(exportFormXLSX('x')).rejects.toMatchObject({ status: 403, code: 'forbidden' })
  })
})

describe('builder strings', () => {
  it('survive English being loaded after the builder opened', async () => {
    // A fresh i18n, as on a phone that has never shown English: loadLang then sets its messages.
    vi.resetModules()
    const { i18n, setLang } = await import('../../src/i18n')
    expect(Object.keys(i18n.global.getLocaleMessage('en'))).toEqual([])
    const { mergeBuilderMessages } = await import('../../src/i18n/builder')
    mergeBuilderMessages()
    expect(i18n.global.t('builder.title')).toBe('表单设计器')
    await setLang('en')
    expect(i18n.global.t('builder.title')).toBe('Form builder')
    await setLang('zh-CN')
  })
})
