// The form builder's model: the form schema itself (the same document the clerk's renderer and
// both evaluators read), with helpers to make fields, to write and recognise the common rule
// shapes without JSON, and to read and write the schema as YAML in the server's key order.
import { parse, stringify } from 'yaml'
import type { Check, Field, Form } from '../../api/types'

/** Every field type the schema supports, in the order the builder offers them. */
export const FIELD_TYPES: readonly Field['type'][] = ['integer', 'decimal', 'money', 'percent', 'boolean', 'single_choice', 'multi_choice', 'text', 'date', 'repeat', 'attachment']

/** The period types a form may have. */
export const PERIOD_TYPES: readonly Form['period_type'][] = ['year', 'half', 'quarter', 'month']

/** Field types whose values are numbers (bounds, units, ratios). */
export const isNumber = (t: Field['type']) => t === 'integer' || t === 'decimal' || t === 'money' || t === 'percent'

/** A new, empty form. */
export function newForm(code = ''): Form {
  return { code, version: 1, title: '', period_type: 'year', org_types: [], fields: [] }
}

/** A key no field of fields has yet: field_1, field_2, … */
export function freeKey(fields: readonly Field[], stem = 'field'): string {
  const used = new Set(fields.map((f) => f.key))
  for (let n = fields.length + 1; ; n++) if (!used.has(`${stem}_${n}`)) return `${stem}_${n}`
}

/** A new field of type t with the type's required parts (a choice's options, a repeat's column). */
export function newField(t: Field['type'], key: string): Field {
  const f: Field = { key, label: '', type: t }
  if (t === 'single_choice' || t === 'multi_choice') f.options = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }]
  if (t === 'repeat') f.fields = [{ key: 'item', label: '', type: 'text' }]
  if (t === 'decimal') f.scale = 4
  return f
}

/** Moves the item at from to to (both in range), in place. */
export function move<T>(list: T[], from: number, to: number) {
  if (to < 0 || to >= list.length || from === to) return
  const [x] = list.splice(from, 1)
  list.splice(to, 0, x)
}

type Var = { var: string }
const isVar = (v: unknown): v is Var => !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Var).var === 'string'

/** The binary arithmetic a computed field can be built from without JSON. */
export type ArithOp = '/' | '+' | '-' | '*'
export const ARITH_OPS: readonly ArithOp[] = ['/', '+', '-', '*']

/**
 * "computed as A op B": the JSON Logic {op: [{var: A}, {var: B}]}; a division is guarded,
 * {if: [{var: B}, {/: …}, null]}, so that an empty or zero B gives an empty result, not a warning.
 */
export function arithRule(op: ArithOp, a: string, b: string): Record<string, unknown> {
  const r = { [op]: [{ var: a }, { var: b }] }
  return op === '/' ? { if: [{ var: b }, r, null] } : r
}

/** The operands of a rule arithRule writes, or null when the rule has another shape (advanced mode). */
export function readArith(rule: unknown): { op: ArithOp; a: string; b: string } | null {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return null
  const guard = (rule as { if?: unknown[] }).if
  if (Object.keys(rule).length === 1 && Array.isArray(guard)) {
    // The guarded division arithRule writes, and only that.
    const inner = guard.length === 3 && guard[2] === null && isVar(guard[0]) ? readArith(guard[1]) : null
    return inner && inner.op === '/' && inner.b === (guard[0] as Var).var && !('if' in (guard[1] as object)) ? inner : null
  }
  const keys = Object.keys(rule)
  if (keys.length !== 1 || !ARITH_OPS.includes(keys[0] as ArithOp)) return null
  const args = (rule as Record<string, unknown>)[keys[0]]
  if (!Array.isArray(args) || args.length !== 2 || !isVar(args[0]) || !isVar(args[1])) return null
  return { op: keys[0] as ArithOp, a: args[0].var, b: args[1].var }
}

/** The comparisons a bound check is built from: warn (or block) when the field is below / above the value. */
export type BoundDir = 'below' | 'above'

/**
 * "warn when field is below value": the check passes while the field is empty or at least the
 * value (JSON Logic {or: [{==: [{var}, null]}, {>=: [{var}, value]}]}), so an empty form shows no warning.
 */
export function boundCheck(key: string, field: string, dir: BoundDir, value: number, severity: Check['severity'], message: string, messageEn: string): Check {
  const cmp = dir === 'below' ? '>=' : '<='
  const c: Check = { key, severity, message, rule: { or: [{ '==': [{ var: field }, null] }, { [cmp]: [{ var: field }, value] }] }, fields: [field] }
  if (messageEn) c.message_en = messageEn
  return c
}

/** The parts of a check boundCheck writes, or null for any other rule (advanced mode). */
export function readBound(c: Check): { field: string; dir: BoundDir; value: number } | null {
  const r = c.rule as { or?: unknown[] } | null
  if (!r || typeof r !== 'object' || Object.keys(r).length !== 1 || !Array.isArray(r.or) || r.or.length !== 2) return null
  const [empty, cmp] = r.or as Record<string, unknown[]>[]
  const eq = empty?.['==']
  if (!Array.isArray(eq) || eq.length !== 2 || !isVar(eq[0]) || eq[1] !== null) return null
  const op = Object.keys(cmp ?? {})[0]
  const args = cmp?.[op]
  if ((op !== '>=' && op !== '<=') || !Array.isArray(args) || args.length !== 2 || !isVar(args[0]) || typeof args[1] !== 'number') return null
  if (args[0].var !== eq[0].var) return null
  return { field: args[0].var, dir: op === '>=' ? 'below' : 'above', value: args[1] }
}

/** Checks JSON Logic text as typed in advanced mode: the parsed rule, or the parse error. */
export function parseRule(text: string): { rule: unknown; error: string } {
  if (!text.trim()) return { rule: undefined, error: '' }
  try {
    return { rule: JSON.parse(text), error: '' }
  } catch (e) {
    return { rule: undefined, error: e instanceof Error ? e.message : String(e) }
  }
}

/** Drops what the builder leaves empty (blank optional text, empty lists), so the schema holds only what was set. */
export function clean(form: Form): Form {
  const out = JSON.parse(JSON.stringify(form)) as Form
  const strip = (o: Record<string, unknown>, keep: string[]) => {
    for (const [k, v] of Object.entries(o)) {
      if (keep.includes(k)) continue
      if (v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0 && k !== 'fields')) delete o[k]
    }
  }
  strip(out as unknown as Record<string, unknown>, ['code', 'title', 'org_types', 'fields'])
  const fields = (fs: Field[]) => fs.forEach((f) => {
    strip(f as unknown as Record<string, unknown>, ['key', 'label', 'type'])
    if (f.fields) fields(f.fields)
  })
  fields(out.fields)
  for (const c of out.checks ?? []) strip(c as unknown as Record<string, unknown>, ['key', 'message', 'severity', 'rule'])
  return out
}

/** The form as YAML (block style, the schema's key order). */
export function formToYAML(form: Form): string {
  return stringify(clean(form), { lineWidth: 0 })
}

/** A form read from YAML; throws on text that is not a YAML mapping with code and fields. */
export function formFromYAML(text: string): Form {
  const v: unknown = parse(text)
  if (!v || typeof v !== 'object' || Array.isArray(v) || !('code' in v) || !Array.isArray((v as Form).fields)) throw new Error('not a form schema')
  return v as Form
}

/** The comparisons a "show when" rule is built from. */
export type ShowOp = '==' | '!=' | '>'
export const SHOW_OPS: readonly ShowOp[] = ['==', '!=', '>']

/**
 * "show when field op value": {op: [{var: field}, value]}; the value typed is read as the field's
 * kind (a number for a numeric field, true/false for a yes/no field, else text).
 */
export function showRule(field: Field | undefined, op: ShowOp, value: string) {
  let v: unknown = value
  if (field && isNumber(field.type) && value.trim() !== '' && Number.isFinite(Number(value))) v = Number(value)
  if (field?.type === 'boolean') v = value === 'true'
  return { [op]: [{ var: field?.key ?? '' }, v] }
}

/** The parts of a rule showRule writes, or null for any other rule (advanced mode). */
export function readShow(rule: unknown): { field: string; op: ShowOp; value: string } | null {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule) || Object.keys(rule).length !== 1) return null
  const op = Object.keys(rule)[0] as ShowOp
  const args = (rule as Record<string, unknown>)[op]
  if (!SHOW_OPS.includes(op) || !Array.isArray(args) || args.length !== 2 || !isVar(args[0])) return null
  const v = args[1]
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return null
  return { field: args[0].var, op, value: String(v) }
}

const isObj1 = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1
const isMissing = (v: unknown, keys: string[]) => isObj1(v) && Array.isArray(v.missing) && v.missing.length === keys.length && keys.every((k, i) => (v.missing as unknown[])[i] === k)

function withMessages(c: Check, messageEn: string): Check {
  if (messageEn) c.message_en = messageEn
  return c
}

/**
 * "warn (or block) when A > B", field against field: the check passes while either is empty or
 * A ≤ B (JSON Logic {or: [{missing: [A, B]}, {<=: [{var: A}, {var: B}]}]}).
 */
export function compareCheck(key: string, a: string, b: string, severity: Check['severity'], message: string, messageEn: string): Check {
  return withMessages({ key, severity, message, rule: { or: [{ missing: [a, b] }, { '<=': [{ var: a }, { var: b }] }] }, fields: [a] }, messageEn)
}

/** The two fields of a check compareCheck writes, or null for any other rule (advanced mode). */
export function readCompare(c: Check): { a: string; b: string } | null {
  const r = c.rule
  if (!isObj1(r) || !Array.isArray(r.or) || r.or.length !== 2) return null
  const [m, cmp] = r.or as unknown[]
  if (!isObj1(cmp) || !Array.isArray(cmp['<=']) || cmp['<='].length !== 2) return null
  const [x, y] = cmp['<='] as unknown[]
  if (!isVar(x) || !isVar(y) || !isMissing(m, [x.var, y.var])) return null
  return { a: x.var, b: y.var }
}

/**
 * "computed as the sum of a repeat column": {reduce: [{var: repeat}, {+: [{var: accumulator},
 * {var: [current.column, 0]}]}, 0]}, an empty cell counting as 0 (the seeded forms' totals).
 */
export function sumRule(repeat: string, column: string): Record<string, unknown> {
  return { reduce: [{ var: repeat }, { '+': [{ var: 'accumulator' }, { var: [`current.${column}`, 0] }] }, 0] }
}

/** The repeat group and column of a rule sumRule writes, or null for any other rule. */
export function readSum(rule: unknown): { repeat: string; column: string } | null {
  if (!isObj1(rule) || !Array.isArray(rule.reduce) || rule.reduce.length !== 3 || rule.reduce[2] !== 0) return null
  const [list, step] = rule.reduce as unknown[]
  if (!isVar(list) || !isObj1(step) || !Array.isArray(step['+']) || step['+'].length !== 2) return null
  const [acc, cur] = step['+'] as unknown[]
  if (!isVar(acc) || acc.var !== 'accumulator' || !isObj1(cur)) return null
  const v = cur.var
  if (!Array.isArray(v) || v.length !== 2 || v[1] !== 0 || typeof v[0] !== 'string' || !v[0].startsWith('current.')) return null
  const column = v[0].slice('current.'.length)
  if (!column || column.includes('.')) return null
  return { repeat: list.var, column }
}

/** The prefix under which rules read last period's approved values ({"var": "prev.<field>"}). */
export const PREV = 'prev.'

/**
 * "warn when a value changes by more than pct% from last period": the check passes while the
 * value or last period's is empty, or the value lies within (1 ± pct/100) × last period's
 * (the seeded payroll check's shape). pct is in (0, 100].
 */
export function changeCheck(key: string, field: string, pct: number, severity: Check['severity'], message: string, messageEn: string): Check {
  const p = `${PREV}${field}`
  const rule = { or: [{ missing: [field, p] }, { and: [
    { '<=': [{ var: field }, { '*': [(100 + pct) / 100, { var: p }] }] },
    { '>=': [{ var: field }, { '*': [(100 - pct) / 100, { var: p }] }] },
  ] }] }
  return withMessages({ key, severity, message, rule, fields: [field] }, messageEn)
}

/** The field and percentage of a check changeCheck writes, or null for any other rule. */
export function readChange(c: Check): { field: string; pct: number } | null {
  const r = c.rule
  if (!isObj1(r) || !Array.isArray(r.or) || r.or.length !== 2) return null
  const [m, both] = r.or as unknown[]
  if (!isObj1(both) || !Array.isArray(both.and) || both.and.length !== 2) return null
  const side = (x: unknown, op: string) => {
    if (!isObj1(x) || !Array.isArray(x[op]) || (x[op] as unknown[]).length !== 2) return null
    const [v, prod] = x[op] as unknown[]
    if (!isVar(v) || !isObj1(prod) || !Array.isArray(prod['*']) || prod['*'].length !== 2) return null
    const [k, pv] = prod['*'] as unknown[]
    if (typeof k !== 'number' || !isVar(pv) || pv.var !== PREV + v.var) return null
    return { field: v.var, k }
  }
  const hi = side(both.and[0], '<=')
  const lo = side(both.and[1], '>=')
  if (!hi || !lo || hi.field !== lo.field || !isMissing(m, [hi.field, PREV + hi.field])) return null
  const pct = Math.round(hi.k * 100 * 1e6) / 1e6 - 100
  if (!(pct > 0 && pct <= 100) || (100 + pct) / 100 !== hi.k || (100 - pct) / 100 !== lo.k) return null
  return { field: hi.field, pct }
}
