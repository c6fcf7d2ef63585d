import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import { evaluate } from '../../src/rules/evaluate'
import { apply, isOperator, operation, RuleError } from '../../src/rules/jsonlogic'
import { canonical, parseExactJSON } from '../../src/rules/exactjson'
import type { Form } from '../../src/api/types'

const dir = resolve(__dirname, '../../../seeds/forms') + '/'
// Read with JSON.parse, as the browser reads a response: 1e400 becomes Infinity (Vite's JSON
// import would choke on re-serialising it).
const text = readFileSync(dir + 'vectors.json', 'utf8')
const vectors = JSON.parse(text) as Vector[]
// Rule vectors are read exactly (9007199254740993 stays itself), as the server reads them.
const exact = parseExactJSON(text) as Vector[]
/** One entry of vectors.json: a rule vector (rule, data → result or error) or a form vector (form or schema, values → evaluation). */
interface Vector {
  name: string
  rule?: unknown
  data?: unknown
  form: string
  schema?: unknown
  values: Record<string, unknown>
  prev?: Record<string, unknown>
  expect: { result?: unknown; error?: string; computed: unknown; hidden: string[]; errors: string[]; warnings: string[]; values?: unknown }
}
const forms: Record<string, Form> = {}
for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
  const form = parse(readFileSync(dir + f, 'utf8')) as Form
  forms[form.code] = form
}

const keys = (is: { field: string; code: string }[]) => is.map((i) => `${i.field}:${i.code}`).sort()

function answer(rule: unknown, data: unknown): string {
  try {
    return canonical(apply(rule, data))
  } catch (e) {
    if (!(e instanceof RuleError)) throw e
    if (e.message.includes('unknown operator')) return 'error: unknown operator'
    if (e.message.includes('too deeply')) return 'error: too deep'
    return 'error: too complex'
  }
}

function operators(rule: unknown, out: Set<string>) {
  if (Array.isArray(rule)) return rule.forEach((r) => operators(r, out))
  const op = operation(rule)
  if (!op) return
  out.add(op[0])
  op[1].forEach((a) => operators(a, out))
}

describe('shared rule vectors (seeds/forms/vectors.json)', () => {
  it('has vectors for every seeded form and rule vectors for every operator', () => {
    const covered = new Set(vectors.map((v) => v.form))
    for (const code of Object.keys(forms)) expect(covered.has(code), code).toBe(true)
    const ops = new Set<string>()
    for (const v of exact) if ('rule' in v) operators(v.rule, ops)
    const all = ['var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=',
      'max', 'min', '+', '-', '*', '/', '%', 'in', 'cat', 'substr', 'merge', 'map', 'filter', 'reduce', 'all', 'some', 'none', 'log']
    for (const op of all) {
      expect(isOperator(op), op).toBe(true)
      expect(ops.has(op), op).toBe(true)
    }
  })
  exact.forEach((v, i) => {
    if (!('rule' in v)) return
    it(v.name, () => {
      const want = v.expect.error ? 'error: ' + v.expect.error : canonical(v.expect.result)
      expect(answer(v.rule, v.data ?? null)).toBe(want)
      expect(vectors[i].name).toBe(v.name)
    })
  })
  for (const v of vectors) {
    if ('rule' in v) continue
    it(v.name, () => {
      const form = v.schema ? (v.schema as Form) : forms[v.form]
      expect(form, v.form).toBeTruthy()
      const res = evaluate(form, v.values, v.prev)
      expect(res.computed).toEqual(v.expect.computed)
      expect(res.hidden).toEqual(v.expect.hidden)
      expect(keys(res.errors)).toEqual([...v.expect.errors].sort())
      expect(keys(res.warnings)).toEqual([...v.expect.warnings].sort())
      if (v.expect.values) expect(res.values).toEqual(v.expect.values)
    })
  }
})
