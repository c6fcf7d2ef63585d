// The form evaluator: a port of backend/form/{normalize,eval}.go. Normalise the draft, calculate
// computed fields in dependency order, evaluate relevance, require required visible fields, run checks.
import type { Field, Form, Issue } from '../api/types'
import { Dec } from './decimal'
import { apply, isOperator, kindOf, numberValue, NumberText, operation, parseNumberString, stringToNumber, truthy, jsString } from './jsonlogic'
import { codePoints, compareText, EXPONENT_CAP, readLiteral, readTyped, trimSpace, type Exact } from './numtext'

export type Values = Record<string, unknown>

export interface Result {
  values: Values
  computed: Values
  hidden: string[]
  errors: Issue[]
  warnings: Issue[]
}

const MAX_ROWS_CAP = 1000
const MAX_ATTACHMENTS_CAP = 50
const DEFAULT_SCALE = 2
const DEFAULT_MAX_SIZE_MB = 10
const DEFAULT_MAX_LENGTH = 2000
const DEFAULT_ACCEPT = ['image/jpeg', 'image/png', 'application/pdf']
/**
 * Every numeric field's range is ±10^MAX_MAGNITUDE_EXP, narrowed by its min and max (the server's
 * form.MaxMagnitudeExp): facts keep value × 10^4 in an int64. Computed values and repeat-column
 * totals outside it are refused too.
 */
export const MAX_MAGNITUDE_EXP = 12
const MAX_MAGNITUDE = new Dec(1n, MAX_MAGNITUDE_EXP)
const MAX_RULE_DEPTH = 100

export const isNumeric = (t: string) => t === 'integer' || t === 'decimal' || t === 'money' || t === 'percent'

export function fieldScale(fd: Field): number {
  if (fd.type === 'money') return 2
  if (fd.type === 'integer') return 0
  if (fd.scale && fd.scale > 0) return fd.scale
  return DEFAULT_SCALE
}
export const fieldAccept = (fd: Field) => (fd.accept && fd.accept.length ? fd.accept : DEFAULT_ACCEPT)
export const fieldMaxBytes = (fd: Field) => (fd.max_size_mb && fd.max_size_mb > 0 ? fd.max_size_mb : DEFAULT_MAX_SIZE_MB) * 1024 * 1024
const maxLength = (fd: Field) => (fd.max_length && fd.max_length > 0 ? fd.max_length : DEFAULT_MAX_LENGTH)
const isComputed = (fd: Field) => fd.calculate !== undefined && fd.calculate !== null

interface Problem { field: string; code: string; zh: string; en: string }

export function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
}

const infinite = (neg: boolean): Exact => ({ neg, digits: '1', exp: EXPONENT_CAP })

/**
 * Reads a submitted number exactly: a JSON number (NumberText when a double cannot hold it), a
 * bigint, a Dec, or a string as people type numbers (readTyped: "8,000,000", full-width digits,
 * with wan a 万 suffix; no exponent); ±Infinity (how JSON.parse reads 1e400) is beyond every
 * range. null: not a number.
 */
function readInput(raw: unknown, wan: boolean): Exact | null {
  if (typeof raw === 'string') return readTyped(raw, wan)
  if (raw instanceof NumberText) return readLiteral(raw.text)
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return null
    if (!Number.isFinite(raw)) return infinite(raw < 0)
    return readLiteral(String(raw))
  }
  if (typeof raw === 'bigint') return readLiteral(raw.toString())
  if (raw instanceof Dec) return readLiteral(`${raw.m}e${raw.e}`)
  return null
}

const places = (x: Exact) => Math.max(0, -x.exp)
/** |x| >= 10^(MAX_MAGNITUDE_EXP+1): beyond every field's range, whatever its min and max. */
const huge = (x: Exact) => x.digits !== '' && x.digits.length + x.exp > MAX_MAGNITUDE_EXP + 1
/** The value; only for numbers that are not huge and need few places. */
const exactDec = (x: Exact) => (x.digits === '' ? Dec.zero : new Dec(x.neg ? -BigInt(x.digits) : BigInt(x.digits), x.exp))
const representable = (d: Dec) => !d.gt(MAX_MAGNITUDE) && !d.lt(MAX_MAGNITUDE.neg())

function bound(s: string | undefined): Dec | null {
  if (s === undefined || s === null) return null
  return parseNumberString(trimSpace(String(s)))
}

/** The range a numeric field accepts: its min and max, within ±10^MAX_MAGNITUDE_EXP. */
export function fieldBounds(fd: Field): [Dec, Dec] {
  let lo = MAX_MAGNITUDE.neg()
  let hi = MAX_MAGNITUDE
  const min = bound(fd.min)
  const max = bound(fd.max)
  if (min && min.gt(lo)) lo = min
  if (max && max.lt(hi)) hi = max
  return [lo, hi]
}

/** A canonical numeric cell of a repeat row as a number (Go's factNumber). */
function cellNumber(v: unknown): Dec | null {
  if (typeof v === 'boolean') return v ? Dec.fromInt(1) : Dec.zero
  if (typeof v === 'string') return parseNumberString(v)
  if (v === null || v === undefined) return null
  return numberValue(v)
}

/** A JSON object (not an array, nor a number kept as Dec or NumberText). */
function isRecord(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Dec) && !(v instanceof NumberText)
}

class Normalizer {
  problems: Problem[] = []
  add(field: string, code: string, zh: string, en: string) {
    this.problems.push({ field, code, zh, en })
  }
  invalidType(path: string, zh: string, en: string) {
    this.add(path, 'invalid_type', '请填写' + zh, 'must be ' + en)
  }
  fields(fs: Field[], input: Values, prefix: string): Values {
    const out: Values = {}
    const known = new Set<string>()
    for (const fd of fs) {
      known.add(fd.key)
      if (isComputed(fd) || !Object.prototype.hasOwnProperty.call(input, fd.key)) continue
      const raw = input[fd.key]
      if (isEmpty(raw)) continue
      const [v, ok] = this.value(fd, raw, prefix + fd.key)
      if (ok) out[fd.key] = v
    }
    for (const k of Object.keys(input).filter((k) => !known.has(k)).sort(compareText)) {
      this.add(prefix + k, 'unknown_field', '表单中没有此项', 'not a field of this form')
    }
    return out
  }
  value(fd: Field, raw: unknown, path: string): [unknown, boolean] {
    switch (fd.type) {
      case 'integer':
      case 'decimal':
      case 'money':
      case 'percent':
        return this.number(fd, raw, path)
      case 'boolean':
        if (typeof raw !== 'boolean') {
          this.invalidType(path, '是或否', 'true or false')
          return [false, false]
        }
        return [raw, true]
      case 'single_choice':
        if (typeof raw !== 'string') {
          this.invalidType(path, '选项', 'an option value')
          return [null, false]
        }
        if (!(fd.options ?? []).some((o) => o.value === raw)) {
          this.add(path, 'invalid_option', '不是有效选项', 'not one of the options')
          return [null, false]
        }
        return [raw, true]
      case 'multi_choice':
        return this.multiChoice(fd, raw, path)
      case 'text': {
        if (typeof raw !== 'string') {
          this.invalidType(path, '文字', 'text')
          return [null, false]
        }
        const max = maxLength(fd)
        if (codePoints(raw) > max) {
          this.add(path, 'too_long', `不能超过${max}个字`, `at most ${max} characters`)
          return [null, false]
        }
        return [raw, true]
      }
      case 'date':
        return this.date(raw, path)
      case 'repeat':
        return this.repeat(fd, raw, path)
      case 'attachment':
        return this.attachments(fd, raw, path)
    }
    return [null, false]
  }
  number(fd: Field, raw: unknown, path: string): [unknown, boolean] {
    const x = readInput(raw, fd.type === 'money')
    if (!x) {
      this.invalidType(path, '数字', 'a number')
      return [null, false]
    }
    const scale = fieldScale(fd)
    if (places(x) > scale) {
      if (scale === 0) this.add(path, 'not_integer', '请填写整数', 'must be a whole number')
      else this.add(path, 'too_many_decimals', `最多保留${scale}位小数`, `at most ${scale} decimal places`)
      return [null, false]
    }
    const [lo, hi] = fieldBounds(fd)
    if (huge(x)) {
      this.outOfBounds(path, x.neg, lo, hi)
      return [null, false]
    }
    const d = exactDec(x)
    if (d.lt(lo) || d.gt(hi)) {
      this.outOfBounds(path, d.lt(lo), lo, hi)
      return [null, false]
    }
    if (fd.type === 'integer') return [Number(d.intPart()), true]
    return [d.toFixed(scale), true]
  }
  outOfBounds(path: string, low: boolean, lo: Dec, hi: Dec) {
    if (low) this.add(path, 'below_min', '不能小于' + lo.toString(), 'must be at least ' + lo.toString())
    else this.add(path, 'above_max', '不能大于' + hi.toString(), 'must be at most ' + hi.toString())
  }
  multiChoice(fd: Field, raw: unknown, path: string): [unknown, boolean] {
    if (!Array.isArray(raw)) {
      this.invalidType(path, '选项列表', 'a list of option values')
      return [null, false]
    }
    const chosen = new Set<string>()
    let valid = true
    raw.forEach((it, j) => {
      if (typeof it !== 'string') {
        this.invalidType(`${path}[${j}]`, '选项', 'an option value')
        valid = false
      } else if (!(fd.options ?? []).some((o) => o.value === it)) {
        this.add(`${path}[${j}]`, 'invalid_option', '不是有效选项', 'not one of the options')
        valid = false
      }
      chosen.add(String(it))
    })
    if (!valid) return [null, false]
    return [(fd.options ?? []).map((o) => o.value).filter((v) => chosen.has(v)), true]
  }
  date(raw: unknown, path: string): [unknown, boolean] {
    if (typeof raw !== 'string') {
      this.invalidType(path, '日期', 'a date')
      return [null, false]
    }
    if (!validDate(raw)) {
      this.add(path, 'invalid_date', '日期格式应为 YYYY-MM-DD', 'must be a date written YYYY-MM-DD')
      return [null, false]
    }
    const y = +raw.slice(0, 4)
    if (y < MIN_DATE_YEAR || y > MAX_DATE_YEAR) {
      this.add(path, 'invalid_date', `年份应在${MIN_DATE_YEAR}至${MAX_DATE_YEAR}之间`,
        `the year must be between ${MIN_DATE_YEAR} and ${MAX_DATE_YEAR}`)
      return [null, false]
    }
    return [raw, true]
  }
  repeat(fd: Field, raw: unknown, path: string): [unknown, boolean] {
    if (!Array.isArray(raw)) {
      this.invalidType(path, '表格', 'a list of rows')
      return [null, false]
    }
    const limit = fd.max_rows && fd.max_rows > 0 ? Math.min(fd.max_rows, MAX_ROWS_CAP) : MAX_ROWS_CAP
    if (raw.length > limit) {
      this.add(path, 'too_many_rows', `最多${limit}行`, `at most ${limit} rows`)
      return [null, false]
    }
    const out = raw.map((r, j) => {
      let row = r
      if (!isRecord(r)) {
        this.invalidType(`${path}[${j}]`, '一行数据', 'a row (an object)')
        row = {}
      }
      return this.fields(fd.fields ?? [], row as Values, `${path}[${j}].`)
    })
    if (!this.columnTotals(fd, out, path)) return [null, false]
    return [out, true]
  }
  /** A numeric column's total over the rows is a fact, so it must be within ±10^MAX_MAGNITUDE_EXP. */
  columnTotals(fd: Field, rows: Values[], path: string): boolean {
    for (const col of fd.fields ?? []) {
      if (!isNumeric(col.type)) continue
      let total = Dec.zero
      for (const row of rows) {
        const d = cellNumber(row[col.key])
        if (d) total = total.add(d)
      }
      if (representable(total)) continue
      const label = col.label_en || col.key
      if (total.isNeg()) {
        const lo = MAX_MAGNITUDE.neg().toString()
        this.add(path, 'below_min', `“${col.label}”各行合计不能小于${lo}`, `the rows' total of ${label} must be at least ${lo}`)
      } else {
        const hi = MAX_MAGNITUDE.toString()
        this.add(path, 'above_max', `“${col.label}”各行合计不能大于${hi}`, `the rows' total of ${label} must be at most ${hi}`)
      }
      return false
    }
    return true
  }
  attachments(fd: Field, raw: unknown, path: string): [unknown, boolean] {
    if (!Array.isArray(raw)) {
      this.invalidType(path, '附件列表', 'a list of files')
      return [null, false]
    }
    if (raw.length > MAX_ATTACHMENTS_CAP) {
      this.add(path, 'too_many_files', `最多${MAX_ATTACHMENTS_CAP}个附件`, `at most ${MAX_ATTACHMENTS_CAP} files`)
      return [null, false]
    }
    const before = this.problems.length
    const out: unknown[] = []
    raw.forEach((it, j) => {
      const a = this.attachment(fd, it, `${path}[${j}]`)
      if (a) out.push(a)
    })
    return [out, this.problems.length === before]
  }
  attachment(fd: Field, raw: unknown, path: string): Values | null {
    const m = isRecord(raw) ? raw : null
    const id = typeof m?.id === 'string' ? m.id : ''
    const name = typeof m?.name === 'string' ? m.name : ''
    const ctype = typeof m?.content_type === 'string' ? m.content_type : ''
    const size = m ? readInput(m.size, false) : null
    if (!m || !id || !name || typeof m.size === 'string' || !size || places(size) > 0 || size.neg) {
      this.invalidType(path, '附件（id、name、size、content_type）', 'a file {id, name, size, content_type}')
      return null
    }
    if (!fieldAccept(fd).includes(ctype)) {
      this.add(path, 'invalid_content_type', '不支持此文件类型', 'this file type is not accepted')
      return null
    }
    if (huge(size) || exactDec(size).gt(Dec.fromInt(fieldMaxBytes(fd)))) {
      const mb = fieldMaxBytes(fd) / 1024 / 1024
      this.add(path, 'too_large', `文件不能超过${mb}MB`, `at most ${mb} MB`)
      return null
    }
    return { id, name, size: Number(exactDec(size).intPart()), content_type: ctype }
  }
}

/** YYYY-MM-DD of a real day, years 0000-9999 in the proleptic Gregorian calendar (Go's time.Parse). */
/** A date field's year bounds, as the server's (form.MinDateYear, form.MaxDateYear). */
export const MIN_DATE_YEAR = 1800
export const MAX_DATE_YEAR = 2199

function validDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s)
  if (!m) return false
  const y = +m[1], mo = +m[2], d = +m[3]
  if (mo < 1 || mo > 12 || d < 1) return false
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
  return d <= days
}

/** Normalises values: the canonical valid values, and every problem (a value with a problem is left out). */
export function normalize(form: Form, values: Values): { values: Values; problems: Problem[] } {
  const n = new Normalizer()
  const out = n.fields(form.fields, values, '')
  return { values: out, problems: n.problems }
}

/** Values as rules see them: decimal strings become numbers, repeat rows recursively. */
function ruleData(fs: Field[], values: Values): Values {
  const data: Values = {}
  for (const fd of fs) {
    if (!Object.prototype.hasOwnProperty.call(values, fd.key)) continue
    let v = values[fd.key]
    if (fd.type === 'decimal' || fd.type === 'money' || fd.type === 'percent') {
      if (typeof v === 'string') {
        const d = parseNumberString(v)
        if (d) v = d
      }
    } else if (fd.type === 'repeat') {
      v = Array.isArray(v) ? v.map((r) => ruleData(fd.fields ?? [], r)) : []
    }
    data[fd.key] = v
  }
  return data
}

type ScopeKind = 'top' | 'row' | 'reduce' | 'any'
interface Scope { kind: ScopeKind; fields: Map<string, Field> | null }

const fieldMap = (fs: Field[]) => new Map(fs.map((f) => [f.key, f]))
const SCOPED = new Set(['map', 'filter', 'all', 'some', 'none', 'reduce'])

/**
 * The top-level fields a rule reads: a port of the server's static rule walk (rulecheck.go walk
 * and checkPath), so both order calculations alike, var defaults and missing keys included.
 */
function ruleDeps(form: Form, rule: unknown): Set<string> {
  const deps = new Set<string>()
  const top: Scope = { kind: 'top', fields: fieldMap(form.fields) }
  const checkPath = (p: string, sc: Scope) => {
    if (p === '' || sc.kind !== 'top') return
    const head = p.split('.')[0]
    if (sc.fields?.has(head)) deps.add(head)
  }
  const elementScope = (src: unknown, sc: Scope, isReduce: boolean): Scope => {
    let rows: Map<string, Field> | null = null
    const op = operation(src)
    if (op && op[0] === 'var' && sc.kind === 'top') {
      const key = op[1].length > 0 ? op[1][0] : null
      const fd = typeof key === 'string' ? sc.fields?.get(key) : undefined
      if (fd && fd.type === 'repeat') rows = fieldMap(fd.fields ?? [])
    }
    if (isReduce) return { kind: 'reduce', fields: rows }
    if (rows) return { kind: 'row', fields: rows }
    return { kind: 'any', fields: null }
  }
  const walk = (r: unknown, sc: Scope, depth: number): void => {
    if (depth > MAX_RULE_DEPTH) return
    if (Array.isArray(r)) {
      for (const it of r) walk(it, sc, depth + 1)
      return
    }
    const op = operation(r)
    if (!op) return
    const [name, args] = op
    if (!isOperator(name)) return
    const at = (i: number) => (i < args.length ? args[i] : null)
    if (name === 'var') {
      const p = at(0)
      if (typeof p === 'string') checkPath(p, sc)
      else walk(p, sc, depth + 1)
      for (const a of args.slice(1)) walk(a, sc, depth + 1)
    } else if (name === 'missing' || name === 'missing_some') {
      let keys: unknown[] = args
      if (name === 'missing_some') {
        walk(at(0), sc, depth + 1)
        keys = [at(1)]
      }
      const first = keys.length > 0 ? keys[0] : null
      if (Array.isArray(first) && keys.length === 1) keys = first
      for (const k of keys) {
        if (typeof k === 'string') checkPath(k, sc)
        else walk(k, sc, depth + 1)
      }
    } else if (SCOPED.has(name)) {
      walk(at(0), sc, depth + 1)
      walk(at(1), elementScope(at(0), sc, name === 'reduce'), depth + 1)
      for (const a of args.slice(2)) walk(a, sc, depth + 1)
    } else {
      for (const a of args) walk(a, sc, depth + 1)
    }
  }
  walk(rule, top, 0)
  return deps
}

/** Computed fields in an order where each comes after the computed fields it reads (Go's calcOrder). */
function calcOrder(form: Form): number[] {
  const index = new Map(form.fields.map((f, i) => [f.key, i]))
  const deps = new Map<number, number[]>()
  form.fields.forEach((fd, i) => {
    if (!isComputed(fd)) return
    const keys = [...ruleDeps(form, fd.calculate)].sort(compareText)
    deps.set(i, keys.map((k) => index.get(k)).filter((j): j is number => j !== undefined && isComputed(form.fields[j])))
  })
  const state = new Map<number, number>()
  const inCycle = new Set<number>()
  const order: number[] = []
  const visit = (i: number): boolean => {
    const st = state.get(i)
    if (st === 1) return false
    if (st === 2) return !inCycle.has(i)
    state.set(i, 1)
    let ok = true
    for (const j of deps.get(i) ?? []) if (!visit(j)) ok = false
    state.set(i, 2)
    if (ok) order.push(i)
    else inCycle.add(i)
    return ok
  }
  form.fields.forEach((fd, i) => {
    if (isComputed(fd)) visit(i)
  })
  return order
}

function computedValue(fd: Field, out: unknown): [unknown, unknown] {
  if (out === null || out === undefined) return [null, null]
  switch (fd.type) {
    case 'repeat':
    case 'attachment':
    case 'multi_choice': // refused by the server's Validate
      return [null, null]
    case 'boolean': {
      const b = truthy(out)
      return [b, b]
    }
    case 'text':
    case 'date':
    case 'single_choice': {
      const k = kindOf(out)
      if (k === 'array' || k === 'object') return [null, null]
      return [jsString(out), jsString(out)]
    }
  }
  let d: Dec | null = null
  const k = kindOf(out)
  if (k === 'number') d = numberValue(out)
  else if (k === 'string' && trimSpace(out as string) !== '') d = stringToNumber(out as string) // Number(), but blank is no value
  if (!d) return [null, null]
  d = d.round(fieldScale(fd))
  if (!representable(d)) return [null, null] // outside every numeric field's range: no value
  if (fd.type === 'integer') return [d, Number(d.intPart())]
  return [d, d.toFixed(fieldScale(fd))]
}

export function topKey(path: string): string {
  const i = path.search(/[[.]/)
  return i >= 0 ? path.slice(0, i) : path
}

const requiredIssue = (field: string): Issue => ({ field, code: 'required', message: '此项为必填项', message_en: 'this field is required' })

/** The variable under which rules read the previous period's approved values: prev.payroll_total. */
export const PREV_VAR = 'prev'

/**
 * Evaluates the form over a draft exactly as the server does. prev holds the same org's
 * previous-period approved values, read by rules as prev.<field> (null when absent), normalised
 * like the values (the server's EvaluatePrev).
 */
export function evaluate(form: Form, values: Values, prev?: Values | null): Result {
  const { values: norm, problems } = normalize(form, values)
  const res: Result = { values: norm, computed: {}, hidden: [], errors: [], warnings: [] }
  const data = ruleData(form.fields, norm)
  if (prev) data[PREV_VAR] = ruleData(form.fields, normalize(form, prev).values)

  for (const i of calcOrder(form)) {
    const fd = form.fields[i]
    let out: unknown = null
    try {
      out = apply(fd.calculate, data)
    } catch {
      out = null
    }
    const [num, canon] = computedValue(fd, out)
    if (canon === null) continue
    data[fd.key] = num
    res.computed[fd.key] = canon
  }
  for (const fd of form.fields) if (isComputed(fd) && !(fd.key in res.computed)) res.computed[fd.key] = null

  const hidden = new Set<string>()
  for (const fd of form.fields) {
    if (fd.relevant === undefined || fd.relevant === null) continue
    let ok = false
    try {
      ok = truthy(apply(fd.relevant, data))
    } catch {
      ok = false
    }
    if (!ok) hidden.add(fd.key)
  }
  res.hidden = [...hidden].sort()
  for (const key of hidden) {
    delete res.values[key]
    delete res.computed[key]
    delete data[key]
  }
  for (const [k, v] of Object.entries(res.computed)) if (v !== null) res.values[k] = v

  for (const p of problems) {
    if (!hidden.has(topKey(p.field))) res.errors.push({ field: p.field, code: p.code, message: p.zh, message_en: p.en })
  }
  // Required visible entered fields, and repeat-group rows.
  for (const fd of form.fields) {
    if (isComputed(fd) || hidden.has(fd.key)) continue
    const has = Object.prototype.hasOwnProperty.call(res.values, fd.key)
    if (fd.required && !has) {
      res.errors.push(requiredIssue(fd.key))
      continue
    }
    if (fd.type !== 'repeat' || !has) continue
    const rows = res.values[fd.key] as Values[]
    if (rows.length < (fd.min_rows ?? 0)) res.errors.push({ field: fd.key, code: 'too_few_rows', message: '行数不足', message_en: 'not enough rows' })
    rows.forEach((row, j) => {
      for (const col of fd.fields ?? []) {
        if (col.required && !Object.prototype.hasOwnProperty.call(row, col.key)) res.errors.push(requiredIssue(`${fd.key}[${j}].${col.key}`))
      }
    })
  }
  for (const c of form.checks ?? []) {
    let ok = false
    try {
      ok = truthy(apply(c.rule, data))
    } catch {
      ok = false
    }
    if (ok) continue
    const at = (c.fields ?? []).filter((k) => !hidden.has(k))
    if (!c.fields || c.fields.length === 0) at.push('')
    for (const key of at) {
      const issue: Issue = { field: key, code: c.key, message: c.message, message_en: c.message_en ?? '' }
      if (c.severity === 'warning') res.warnings.push(issue)
      else res.errors.push(issue)
    }
  }
  return res
}

/**
 * What a field's input becomes on the server: its canonical value ("8,000,000" in a money field is
 * "8000000.00", "８０" in an integer field is 80), or null when the server would drop it (not
 * readable, out of range, too many places, not an option, too long…). Empty input is null too.
 */
export function canonicalInput(fd: Field, raw: unknown): unknown {
  if (isEmpty(raw) || isComputed(fd)) return null
  const n = new Normalizer()
  const [v, ok] = n.value(fd, raw, fd.key)
  return ok && n.problems.length === 0 ? v : null
}

/**
 * Paths of visible values that were entered but that the server will not get, because they cannot
 * be read or are out of range: the draft is not synced while any remain.
 */
export function heldPaths(form: Form, values: Values): string[] {
  const { problems } = normalize(form, values)
  if (problems.length === 0) return []
  const hidden = new Set(evaluate(form, values).hidden)
  return problems.filter((p) => p.code !== 'unknown_field' && !hidden.has(topKey(p.field))).map((p) => p.field)
}
