// The designer's test cases run by the clerk's evaluator: the shared fixture's cases (which the
// Go evaluator also runs, backend/form/testcases_test.go) pass and fail when their expectation is
// changed; every seeded form's own cases pass; a case saved from the preview passes until the
// form changes under it, and survives YAML.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { Form } from '../../src/api/types'
import { boundCheck, formFromYAML, formToYAML } from '../../src/components/builder/model'
import { caseFromPreview, runTest, sameValue, type FormWithTests } from '../../src/components/builder/testcases'
import { evaluate } from '../../src/rules/evaluate'

const fixture = parse(readFileSync(join(__dirname, '../../../backend/form/testdata/testcases.yaml'), 'utf8')) as FormWithTests
const seedDir = join(__dirname, '../../../seeds/forms')
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.yaml')).map((f) => [f, parse(readFileSync(join(seedDir, f), 'utf8')) as FormWithTests] as const)

describe('shared test cases', () => {
  it('has cases to run', () => expect(fixture.tests!.length).toBeGreaterThanOrEqual(5))
  for (const tc of fixture.tests ?? []) {
    it(`${tc.name}: passes, and fails with an unexpected warning listed`, () => {
      expect(runTest(fixture, tc)).toEqual([])
      const extra = { ...tc, expect: { ...tc.expect, warnings: [...(tc.expect.warnings ?? []), 'not_raised'] } }
      expect(runTest(fixture, extra)).toHaveLength(1)
    })
  }
  it('names what differs', () => {
    const tc = { name: 'x', values: { teachers: 4, students: 100 }, expect: { computed: { ratio: 0.05 } } }
    expect(runTest(fixture, tc)).toEqual(['computed ratio: want 0.05, got 0.0400', 'warnings: want [], got [ratio_low]'])
    expect(runTest(fixture, { name: 'y', expect: { computed: { nope: 1 } } })[0]).toContain('nope')
  })
  it('compares numbers as decimals, null only with null', () => {
    expect(sameValue(0.04, '0.0400')).toBe(true)
    expect(sameValue('19.75', 19.75)).toBe(true)
    expect(sameValue(0, null)).toBe(false)
    expect(sameValue(null, null)).toBe(true)
    expect(sameValue('a', 'a')).toBe(true)
  })
})

describe('seeded forms\' test cases', () => {
  for (const [name, form] of seeds) {
    for (const tc of form.tests ?? []) {
      it(`${name}: ${tc.name}`, () => expect(runTest(form, tc)).toEqual([]))
    }
  }
  it('reads every seed', () => expect(seeds.length).toBeGreaterThan(5))
})

describe('a case saved from the preview', () => {
  const form = (): FormWithTests => {
    const f = formFromYAML(formToYAML(fixture)) as FormWithTests
    delete f.tests
    return f
  }
  it('expects what the preview shows, passes, survives YAML and fails when the rules change', () => {
    const f = form()
    const values = { teachers: 4, students: 100, used: 3, capacity: 2 }
    const tc = caseFromPreview('低且超', values, evaluate(f, values))
    expect(tc.expect.warnings).toEqual(['ratio_low'])
    expect(tc.expect.errors).toEqual(['used_over_capacity'])
    expect(tc.expect.hidden).toBeUndefined()
    expect(runTest(f, tc)).toEqual([])
    f.tests = [tc]
    const back = formFromYAML(formToYAML(f)) as FormWithTests
    expect(back.tests).toEqual([tc])
    const stricter: Form = { ...back, checks: [boundCheck('ratio_low', 'ratio', 'below', 0.03, 'warning', 'm', ''), ...back.checks!.slice(1)] }
    expect(runTest(stricter, back.tests![0])).toEqual(['warnings: want [ratio_low], got []'])
  })
})
