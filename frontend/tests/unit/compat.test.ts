// The vendored json-logic compat-tables suite (backend/form/testdata/jsonlogic-compat), run by the
// browser's evaluator: every case passes or is listed in expected-deviations.json with exactly the
// answer Go gives (backend/form/compat_test.go checks the same file), so Go and TS agree on all of them.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { apply, RuleError } from '../../src/rules/jsonlogic'
import { canonical, parseExactJSON } from '../../src/rules/exactjson'

const dir = resolve(__dirname, '../../../backend/form/testdata/jsonlogic-compat') + '/'
const read = (p: string) => parseExactJSON(readFileSync(dir + p, 'utf8'))

interface Deviation { case: string; description: string; reason: string; got: string }
const deviations = read('expected-deviations.json') as { reasons: Record<string, string>; cases: Deviation[] }
const listed = new Map(deviations.cases.map((d) => [d.case, d]))

/** The canonical answer, or "error: ..." as Go's compatAnswer writes it. */
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

interface Case { id: string; desc: string; rule: unknown; data: unknown; result?: unknown; wantErr: boolean }

const cases: Case[] = []
for (const f of read('suites/index.json') as string[]) {
  let n = 0
  for (const c of read('suites/' + f) as unknown[]) {
    if (typeof c !== 'object' || c === null) continue
    n++
    const k = c as { description: string; rule: unknown; data: unknown; result?: unknown }
    cases.push({ id: `${f}#${n}`, desc: k.description, rule: k.rule, data: k.data, result: k.result, wantErr: 'error' in c })
  }
}

describe('json-logic compat-tables suite', () => {
  it('has every case, and every deviation has its reason explained', () => {
    expect(cases.length).toBe(1138)
    for (const d of deviations.cases) expect(deviations.reasons[d.reason], d.case).toBeTruthy()
  })
  it('passes every case or gives exactly the listed deviation', () => {
    const problems: string[] = []
    let differences = 0
    for (const c of cases) {
      const got = answer(c.rule, c.data)
      const passes = c.wantErr ? got.startsWith('error:') && got !== 'error: unknown operator' : got === canonical(c.result)
      const d = listed.get(c.id)
      if (passes) {
        if (d) problems.push(`${c.id} passes but is listed as a deviation`)
        continue
      }
      if (!d) problems.push(`${c.id} (${c.desc}): ${got}, not listed`)
      else if (d.got !== got) {
        differences++
        problems.push(`${c.id} (${c.desc}): TS gives ${got}, Go ${d.got}`)
      }
    }
    console.log(`compat suite: ${cases.length} cases, ${differences} Go≠TS differences`)
    expect(problems).toEqual([])
  })
})
