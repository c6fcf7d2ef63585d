// The differential corpus (backend/form/testdata/differential/corpus.jsonl.gz, written by the Go
// evaluator: make golden): >= 10,000 random expressions over form-like data, >= 2,500 random
// drafts of the seeded forms, and drafts of random synthetic forms whose computed fields read one
// another. The browser's evaluator must give exactly the server's answers,
// byte for byte in canonical JSON. Inputs are read exactly (parseExactJSON), as the server reads them.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { resolve } from 'node:path'
import { apply, RuleError } from '../../src/rules/jsonlogic'
import { evaluate } from '../../src/rules/evaluate'
import { canonical, parseExactJSON } from '../../src/rules/exactjson'
import type { Form } from '../../src/api/types'

const path = resolve(__dirname, '../../../backend/form/testdata/differential/corpus.jsonl.gz')
const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l !== '')
const header = JSON.parse(lines[0]) as { expressions: number; drafts: number }
const forms = (parseExactJSON(lines[1]) as { forms: Record<string, Form> }).forms
const data = (parseExactJSON(lines[2]) as { data: unknown[] }).data

function answer(rule: unknown, d: unknown): string {
  try {
    return canonical(apply(rule, d))
  } catch (e) {
    if (!(e instanceof RuleError)) throw e
    if (e.message.includes('unknown operator')) return 'error: unknown operator'
    if (e.message.includes('too deeply')) return 'error: too deep'
    return 'error: too complex'
  }
}

/** Runs a slice of the corpus; returns the differences, each with the input and both answers. */
function differences(from: number, to: number): string[] {
  const out: string[] = []
  for (let i = from; i < to; i++) {
    const c = parseExactJSON(lines[i]) as { d?: number; rule?: unknown; form?: string; values?: Record<string, unknown>; prev?: Record<string, unknown>; out: string }
    const got = c.form !== undefined ? canonical(evaluate(forms[c.form], c.values ?? {}, c.prev)) : answer(c.rule, data[c.d ?? 0])
    if (got !== c.out) out.push(`line ${i + 1}: ${lines[i].slice(0, 400)}\n   TS: ${got.slice(0, 400)}`)
  }
  return out
}

describe('differential corpus: the browser answers as the server', () => {
  const exprEnd = 3 + header.expressions
  it('holds at least 10,000 expressions and 2,500 drafts', () => {
    expect(header.expressions).toBeGreaterThanOrEqual(10000)
    expect(header.drafts).toBeGreaterThanOrEqual(2500)
    expect(lines.length).toBe(3 + header.expressions + header.drafts)
  })
  it('gives the same answer for every expression', () => {
    const diff = differences(3, exprEnd)
    console.log(`differential corpus: ${header.expressions} expressions, ${diff.length} Go≠TS differences`)
    expect(diff.slice(0, 10)).toEqual([])
  })
  it('evaluates every draft of every seeded and synthetic form the same', () => {
    const diff = differences(exprEnd, lines.length)
    const seeded = lines.slice(exprEnd).filter((l) => !l.startsWith('{"form":"synthetic-')).length
    console.log(`differential corpus: ${header.drafts} drafts (${seeded} of the seeded forms), ${diff.length} Go≠TS differences`)
    expect(seeded).toBeGreaterThanOrEqual(2500)
    expect(diff.slice(0, 10)).toEqual([])
  })
})
