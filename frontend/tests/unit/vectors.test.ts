import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import { evaluate } from '../../src/rules/evaluate'
import type { Form } from '../../src/api/types'

const dir = resolve(__dirname, '../../../seeds/forms') + '/'
// Read with JSON.parse, as the browser reads a response: 1e400 becomes Infinity (Vite's JSON
// import would choke on re-serialising it).
const vectors = JSON.parse(readFileSync(dir + 'vectors.json', 'utf8')) as any[]
const forms: Record<string, Form> = {}
for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
  const form = parse(readFileSync(dir + f, 'utf8')) as Form
  forms[form.code] = form
}

const keys = (is: { field: string; code: string }[]) => is.map((i) => `${i.field}:${i.code}`).sort()

describe('shared rule vectors (seeds/forms/vectors.json)', () => {
  it('has vectors for every seeded form', () => {
    const covered = new Set((vectors as any[]).map((v) => v.form))
    for (const code of Object.keys(forms)) expect(covered.has(code), code).toBe(true)
  })
  for (const v of vectors as any[]) {
    it(v.name, () => {
      const form = forms[v.form]
      expect(form, v.form).toBeTruthy()
      const res = evaluate(form, v.values)
      expect(res.computed).toEqual(v.expect.computed)
      expect(res.hidden).toEqual(v.expect.hidden)
      expect(keys(res.errors)).toEqual([...v.expect.errors].sort())
      expect(keys(res.warnings)).toEqual([...v.expect.warnings].sort())
      if (v.expect.values) expect(res.values).toEqual(v.expect.values)
    })
  }
})
