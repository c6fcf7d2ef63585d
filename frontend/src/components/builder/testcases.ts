// The designer's test cases (tests: in the form schema): values typed into the preview, last
// period's values, and the outcome expected. runTest runs one with the clerk's evaluator exactly
// as the server's form.RunTest does with the Go one: the listed computed fields compared as
// decimals (0.04 equals "0.0400"), warnings and errors as sets of issue codes, hidden fields as a
// set; anything unlisted fails the case.
import type { Form } from '../../api/types'
import { Dec } from '../../rules/decimal'
import { evaluate, type Result, type Values } from '../../rules/evaluate'

/** What a test case expects: see the server's form.TestExpect. */
export interface TestExpect {
  computed?: Record<string, unknown>
  warnings?: string[]
  errors?: string[]
  hidden?: string[]
}

/** One test case, as stored with the form. */
export interface TestCase {
  name: string
  values?: Values
  prev?: Values
  expect: TestExpect
}

/** A form schema with its test cases. */
export type FormWithTests = Form & { tests?: TestCase[] }

const show = (v: unknown) => (v === null || v === undefined ? 'null' : String(v))

/** Whether an expected and a computed value are the same: as decimals when both are numbers, else as text. */
export function sameValue(want: unknown, got: unknown): boolean {
  if (want === null || want === undefined || got === null || got === undefined) return (want ?? null) === (got ?? null)
  const w = Dec.parse(String(want))
  const g = Dec.parse(String(got))
  if (w && g) return w.eq(g)
  return String(want) === String(got)
}

const setOf = (xs: readonly string[] = []) => [...new Set(xs)].sort()

function setDiff(what: string, want: readonly string[] | undefined, got: readonly string[]): string[] {
  const w = setOf(want)
  const g = setOf(got)
  return w.join(',') === g.join(',') ? [] : [`${what}: want [${w.join(', ')}], got [${g.join(', ')}]`]
}

/** How the form's outcome over the case differs from the expected one; empty when the case passes. */
export function runTest(form: Form, tc: TestCase): string[] {
  const res = evaluate(form, tc.values ?? {}, tc.prev ?? null)
  const out: string[] = []
  for (const k of Object.keys(tc.expect.computed ?? {}).sort()) {
    const want = tc.expect.computed![k]
    if (!(k in res.computed)) out.push(`computed ${k}: no such visible computed field`)
    else if (!sameValue(want, res.computed[k])) out.push(`computed ${k}: want ${show(want)}, got ${show(res.computed[k])}`)
  }
  out.push(...setDiff('warnings', tc.expect.warnings, res.warnings.map((i) => i.code)))
  out.push(...setDiff('errors', tc.expect.errors, res.errors.map((i) => i.code)))
  out.push(...setDiff('hidden', tc.expect.hidden, res.hidden))
  return out
}

/** A test case that expects exactly what the preview shows now for these values. */
export function caseFromPreview(name: string, values: Values, res: Result, prev?: Values): TestCase {
  const expect: TestExpect = {}
  const computed = Object.fromEntries(Object.entries(res.computed).map(([k, v]) => [k, v === undefined ? null : v]))
  if (Object.keys(computed).length) expect.computed = computed
  const w = setOf(res.warnings.map((i) => i.code))
  const e = setOf(res.errors.map((i) => i.code))
  if (w.length) expect.warnings = w
  if (e.length) expect.errors = e
  if (res.hidden.length) expect.hidden = [...res.hidden]
  const tc: TestCase = { name, expect }
  if (Object.keys(values).length) tc.values = JSON.parse(JSON.stringify(values)) as Values
  if (prev && Object.keys(prev).length) tc.prev = JSON.parse(JSON.stringify(prev)) as Values
  return tc
}

/** The top-level fields whose last-period value the form's rules read ({"var": "prev.<key>"}), in field order. */
export function prevKeys(form: Form): string[] {
  const rules = JSON.stringify([form.fields.map((f) => [f.calculate, f.relevant]), (form.checks ?? []).map((c) => c.rule)])
  const read = new Set([...rules.matchAll(/"prev\.([^".[\]]+)/g)].map((m) => m[1]))
  return form.fields.map((f) => f.key).filter((k) => read.has(k))
}
