// JSON Logic with json-logic-js semantics and exact numbers: a port of backend/form/jsonlogic*.go so
// the phone and the server agree (the shared vectors in seeds/forms/vectors.json prove it).
import { Dec } from './decimal'
import { codePoints, compareText, readLiteral, trimLeftSpace, trimSpace, type Exact } from './numtext'

const MAX_DEPTH = 100
const MAX_STEPS = 1_000_000
const MAX_INT_DIGITS = 60
const MAX_SCALE = 40
export const DIV_SCALE = 10
const MAX_JOIN_DEPTH = 64
const MAX_JOIN_NODES = 100000

export class RuleError extends Error {}

type K = 'null' | 'bool' | 'number' | 'string' | 'array' | 'object'

/**
 * A JSON number kept as its text, like Go's json.Number: what exact JSON reading (exactjson.ts)
 * gives for a number a double cannot hold (9007199254740993, 0.1000000000000000000001, 1e400).
 */
export class NumberText {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

export function kindOf(v: unknown): K {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof Dec || v instanceof NumberText || typeof v === 'bigint') return 'number'
  if (typeof v === 'number') return Number.isFinite(v) ? 'number' : 'null'
  if (typeof v === 'string') return 'string'
  if (Array.isArray(v)) return 'array'
  return 'object'
}

/** Keeps a number within the evaluator's bounds; null means NaN or Infinity. */
export function sane(d: Dec): Dec | null {
  if (d.isZero()) return Dec.zero
  const digits = d.numDigits()
  if (digits + d.e > MAX_INT_DIGITS) return null
  if (digits + d.e < -MAX_SCALE) return Dec.zero
  if (d.e < -MAX_SCALE) return d.round(MAX_SCALE)
  return d
}

export function numberValue(v: unknown): Dec | null {
  if (v instanceof Dec) return sane(v)
  if (v instanceof NumberText) return parseNumberString(v.text)
  if (typeof v === 'bigint') return sane(new Dec(v, 0))
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null
    return parseNumberString(String(v))
  }
  return null
}

const numericText = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/
const floatPrefix = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/

/**
 * Reads a JS decimal literal exactly, within the evaluator's bounds (saneExact); null for any
 * other text. Never builds a number bigger than the bounds (Go's parseNumberString).
 */
export function parseNumberString(s: string): Dec | null {
  if (!numericText.test(s)) return null
  const x = readLiteral(s)
  return x ? saneExact(x) : null
}

/**
 * sane for a number read from text: null at or beyond 10^MAX_INT_DIGITS, 0 far below 10^-MAX_SCALE,
 * otherwise rounded half away from zero to MAX_SCALE places; only the surviving digits become a BigInt.
 */
export function saneExact(x: Exact): Dec | null {
  if (x.digits === '') return Dec.zero
  const n = x.digits.length + x.exp
  if (n > MAX_INT_DIGITS) return null
  if (n < -MAX_SCALE) return Dec.zero
  let digits = x.digits
  let exp = x.exp
  let up = false
  if (exp < -MAX_SCALE) {
    const keep = digits.length - (-MAX_SCALE - exp)
    up = digits.charCodeAt(keep) >= 53
    digits = digits.slice(0, keep)
    exp = -MAX_SCALE
  }
  let m = BigInt('0' + digits)
  if (up) m += 1n
  return new Dec(x.neg ? -m : m, exp)
}

/** JavaScript's Number(s) for a string (white space as in numtext.ts); null means NaN. */
export function stringToNumber(s: string): Dec | null {
  s = trimSpace(s)
  if (s === '') return Dec.zero
  if (s.length > 2 && s[0] === '0') {
    const base = { x: 16, X: 16, o: 8, O: 8, b: 2, B: 2 }[s[1]]
    if (base) {
      const digits = s.slice(2)
      const ok = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : /^[01]+$/
      if (!ok.test(digits)) return null
      const n = BigInt((base === 16 ? '0x' : base === 8 ? '0o' : '0b') + digits)
      if (n > 0xffffffffffffffffn) return null
      return new Dec(n, 0)
    }
  }
  return parseNumberString(s)
}

/** JavaScript's Number(v); null means NaN. */
export function toNumber(v: unknown): Dec | null {
  switch (kindOf(v)) {
    case 'null':
      return Dec.zero
    case 'bool':
      return v ? Dec.fromInt(1) : Dec.zero
    case 'number':
      return numberValue(v)
    case 'string':
      return stringToNumber(v as string)
    case 'array':
      return stringToNumber(jsString(v))
  }
  return null
}

function parseFloatJS(v: unknown): Dec | null {
  if (kindOf(v) === 'number') return numberValue(v)
  const s = trimLeftSpace(jsString(v))
  const m = floatPrefix.exec(s)
  return parseNumberString(m ? m[0] : '')
}

export function jsString(v: unknown): string {
  const budget = { n: MAX_JOIN_NODES }
  return jsStringDepth(v, 0, budget)
}

function jsStringDepth(v: unknown, depth: number, budget: { n: number }): string {
  switch (kindOf(v)) {
    case 'null':
      return 'null'
    case 'bool':
      return v ? 'true' : 'false'
    case 'number': {
      const d = numberValue(v)
      return d ? d.toString() : 'NaN'
    }
    case 'string':
      return v as string
    case 'array': {
      const items = v as unknown[]
      if (depth >= MAX_JOIN_DEPTH || budget.n <= 0) return ''
      const parts: string[] = []
      for (let i = 0; i < items.length; i++) {
        budget.n--
        if (budget.n <= 0) break
        parts.push(joinElement(items[i], depth + 1, budget))
      }
      return parts.join(',')
    }
  }
  return '[object Object]'
}

function joinElement(v: unknown, depth: number, budget: { n: number }): string {
  return kindOf(v) === 'null' ? '' : jsStringDepth(v, depth, budget)
}

export function truthy(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'null':
      return false
    case 'bool':
      return v as boolean
    case 'number': {
      const d = numberValue(v)
      return !!d && !d.isZero()
    }
    case 'string':
      return v !== ''
    case 'array':
      return (v as unknown[]).length > 0
  }
  return true
}

export function strictEqual(a: unknown, b: unknown): boolean {
  const ka = kindOf(a)
  if (ka !== kindOf(b)) return false
  switch (ka) {
    case 'null':
      return true
    case 'bool':
      return a === b
    case 'number': {
      const x = numberValue(a)
      const y = numberValue(b)
      return !!x && !!y && x.eq(y)
    }
    case 'string':
      return a === b
  }
  return false
}

export function looseEqual(a: unknown, b: unknown): boolean {
  const ka = kindOf(a)
  const kb = kindOf(b)
  if (ka === kb) return strictEqual(a, b)
  if (ka === 'null' || kb === 'null') return false
  if (ka === 'bool' || kb === 'bool' || (ka === 'number' && kb === 'string') || (ka === 'string' && kb === 'number')) {
    const x = toNumber(a)
    const y = toNumber(b)
    return !!x && !!y && x.eq(y)
  }
  if (ka === 'array' || ka === 'object') return looseEqual(jsString(a), b)
  if (kb === 'array' || kb === 'object') return looseEqual(a, jsString(b))
  return false
}

function primitive(v: unknown): unknown {
  const k = kindOf(v)
  return k === 'array' || k === 'object' ? jsString(v) : v
}

function lessThan(a: unknown, b: unknown, orEqual: boolean): boolean {
  const pa = primitive(a)
  const pb = primitive(b)
  if (kindOf(pa) === 'string' && kindOf(pb) === 'string') {
    const c = compareText(pa as string, pb as string)
    return c < 0 || (orEqual && c === 0)
  }
  const x = toNumber(pa)
  const y = toNumber(pb)
  if (!x || !y) return false
  const c = x.cmp(y)
  return c < 0 || (orEqual && c === 0)
}

const OPERATORS = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'in', 'cat', 'substr', 'merge',
  'map', 'filter', 'reduce', 'all', 'some', 'none', 'log',
])

export function isOperator(name: string) {
  return OPERATORS.has(name)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Dec) && !(v instanceof NumberText)
}

export function operation(rule: unknown): [string, unknown[]] | null {
  if (!isPlainObject(rule)) return null
  const keys = Object.keys(rule)
  if (keys.length !== 1) return null
  const raw = rule[keys[0]]
  return [keys[0], Array.isArray(raw) ? raw : [raw]]
}

function arg(a: unknown[], i: number): unknown {
  return i < a.length ? a[i] : null
}

/** Evaluates a rule against data. Arithmetic results are Dec; NaN and ±Infinity are null. Throws RuleError on a bad rule. */
export function apply(rule: unknown, data: unknown): unknown {
  const m = { steps: 0 }
  return run(m, rule, data, 0)
}

function charge(m: { steps: number }, n: number) {
  m.steps += n
  if (m.steps > MAX_STEPS) throw new RuleError('jsonlogic: rule too expensive to evaluate')
}

/** The work a result stands for: elements of an array, code points of a string (as in Go). */
function size(v: unknown) {
  if (typeof v === 'string') return codePoints(v)
  if (Array.isArray(v)) return v.length
  return 0
}

function run(m: { steps: number }, rule: unknown, data: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new RuleError('jsonlogic: rule nested too deeply')
  charge(m, 1)
  if (Array.isArray(rule)) return rule.map((it) => run(m, it, data, depth + 1))
  const op = operation(rule)
  if (!op) return rule
  const [name, args] = op
  switch (name) {
    case 'if':
    case '?:': {
      let i = 0
      for (; i + 1 < args.length; i += 2) {
        if (truthy(run(m, args[i], data, depth + 1))) return run(m, args[i + 1], data, depth + 1)
      }
      return i < args.length ? run(m, args[i], data, depth + 1) : null
    }
    case 'and':
    case 'or': {
      const isAnd = name === 'and'
      let cur: unknown = null
      for (const a of args) {
        const v = run(m, a, data, depth + 1)
        cur = v
        if (truthy(v) !== isAnd) return v
      }
      return cur
    }
    case 'map':
    case 'filter':
    case 'all':
    case 'some':
    case 'none':
    case 'reduce':
      return scoped(m, name, args, data, depth)
  }
  if (!OPERATORS.has(name)) throw new RuleError('jsonlogic: unknown operator ' + JSON.stringify(name))
  const vals = args.map((a) => run(m, a, data, depth + 1))
  switch (name) {
    case 'var':
      return applyVar(vals, data)
    case 'missing':
      return applyMissing(vals, data)
    case 'missing_some':
      return applyMissingSome(vals, data)
  }
  const out = valueOp(name, vals)
  charge(m, size(out))
  return out
}

function scoped(m: { steps: number }, op: string, args: unknown[], data: unknown, depth: number): unknown {
  const src = run(m, arg(args, 0), data, depth + 1)
  const isArray = Array.isArray(src)
  const items: unknown[] = isArray ? (src as unknown[]) : []
  const logic = arg(args, 1)
  switch (op) {
    case 'map':
      return items.map((it) => run(m, logic, it, depth + 1))
    case 'reduce': {
      let acc: unknown = null
      if (args.length > 2) acc = run(m, args[2], data, depth + 1)
      for (const it of items) acc = run(m, logic, { current: it, accumulator: acc }, depth + 1)
      return acc
    }
    case 'all':
      if (!isArray || items.length === 0) return false
      for (const it of items) if (!truthy(run(m, logic, it, depth + 1))) return false
      return true
  }
  const kept = items.filter((it) => truthy(run(m, logic, it, depth + 1)))
  if (op === 'some') return kept.length > 0
  if (op === 'none') return kept.length === 0
  return kept
}

function applyVar(vals: unknown[], data: unknown): unknown {
  const path = arg(vals, 0)
  const def = arg(vals, 1)
  if (path === null || path === '') return data
  const [v, found] = lookup(data, jsString(path))
  return found ? v : def
}

function lookup(data: unknown, path: string): [unknown, boolean] {
  let cur = data
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined) return [null, false]
    if (isPlainObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return [null, false]
      cur = cur[seg]
      continue
    }
    if (!Array.isArray(cur)) return [null, false]
    if (!/^(0|[1-9][0-9]*)$/.test(seg)) return [null, false]
    const i = Number(seg)
    if (i >= cur.length) return [null, false]
    cur = cur[i]
  }
  return [cur === undefined ? null : cur, true]
}

function applyMissing(vals: unknown[], data: unknown): unknown[] {
  const first = arg(vals, 0)
  const keys = Array.isArray(first) ? first : vals
  const out: unknown[] = []
  for (const k of keys) {
    const v = applyVar([k], data)
    if (v === null || v === '') out.push(k)
  }
  return out
}

function applyMissingSome(vals: unknown[], data: unknown): unknown[] {
  const need = toNumber(arg(vals, 0))
  const keysRaw = arg(vals, 1)
  const keys = Array.isArray(keysRaw) ? keysRaw : null
  let missing = applyMissing([keys ?? []], data)
  if (!keys) missing = []
  const present = (keys?.length ?? 0) - missing.length
  if (need && need.cmp(Dec.fromInt(present)) <= 0) return []
  return missing
}

function result(d: Dec | null): Dec | null {
  return d ? sane(d) : null
}

function arith(a: unknown, b: unknown, f: (x: Dec, y: Dec) => Dec | null): Dec | null {
  const x = toNumber(a)
  const y = toNumber(b)
  if (!x || !y) return null
  return result(f(x, y))
}

function valueOp(op: string, v: unknown[]): unknown {
  const a = arg(v, 0)
  const b = arg(v, 1)
  switch (op) {
    case '==':
      return looseEqual(a, b)
    case '!=':
      return !looseEqual(a, b)
    case '===':
      return strictEqual(a, b)
    case '!==':
      return !strictEqual(a, b)
    case '!':
      return !truthy(a)
    case '!!':
      return truthy(a)
    case '>':
    case '>=':
    case '<':
    case '<=':
      return compare(op, v)
    case 'max':
    case 'min': {
      if (v.length === 0) return null
      let best: Dec | null = null
      for (const x of v) {
        const d = toNumber(x)
        if (!d) return null
        if (!best || (op === 'max' && d.gt(best)) || (op === 'min' && d.lt(best))) best = d
      }
      return best
    }
    case '+': {
      let total = Dec.zero
      for (const x of v) {
        const d = parseFloatJS(x)
        if (!d) return null
        const s = sane(total.add(d))
        if (!s) return null
        total = s
      }
      return total
    }
    case '*': {
      if (v.length === 0) return null
      if (v.length === 1) return v[0]
      let total = parseFloatJS(v[0])
      for (const x of v.slice(1)) {
        const d = parseFloatJS(x)
        if (!total || !d) return null
        total = sane(total.mul(d))
        if (!total) return null
      }
      return result(total)
    }
    case '-':
      if (v.length === 0) return null
      if (v.length === 1) return arith(a, a, (x) => x.neg())
      return arith(a, b, (x, y) => x.sub(y))
    case '/':
      return arith(a, b, (x, y) => (y.isZero() ? null : x.divRound(y, DIV_SCALE)))
    case '%':
      return arith(a, b, (x, y) => (y.isZero() ? null : x.mod(y)))
    case 'in':
      if (Array.isArray(b)) return b.some((it) => strictEqual(a, it))
      if (typeof b === 'string' && b !== '') return b.includes(jsString(a))
      return false
    case 'cat': {
      const budget = { n: MAX_JOIN_NODES }
      return v.map((x) => joinElement(x, 0, budget)).join('')
    }
    case 'substr':
      return substr(v)
    case 'merge': {
      const out: unknown[] = []
      for (const x of v) {
        if (Array.isArray(x)) out.push(...x)
        else out.push(x)
      }
      return out
    }
    case 'log':
      return a
  }
  return null
}

function compare(op: string, v: unknown[]): boolean {
  if (v.length < 2) return false
  if (op === '>') return lessThan(v[1], v[0], false)
  if (op === '>=') return lessThan(v[1], v[0], true)
  const orEqual = op === '<='
  if (v.length > 2) return lessThan(v[0], v[1], orEqual) && lessThan(v[1], v[2], orEqual)
  return lessThan(v[0], v[1], orEqual)
}

function clampInt(x: unknown, limit: number): number {
  const d = toNumber(x)
  if (!d) return 0
  const bound = Dec.fromInt(limit + 1)
  if (d.gt(bound)) return limit + 1
  if (d.lt(bound.neg())) return -limit - 1
  return Number(d.truncate().intPart())
}

function substr(v: unknown[]): string {
  const src = Array.from(jsString(arg(v, 0)))
  const n = src.length
  let start = clampInt(arg(v, 1), n)
  if (start < 0) start = Math.max(n + start, 0)
  start = Math.min(start, n)
  const rest = src.slice(start)
  if (v.length < 3) return rest.join('')
  let length = clampInt(v[2], n)
  if (length < 0) length = Math.max(rest.length + length, 0)
  return rest.slice(0, Math.min(length, rest.length)).join('')
}
