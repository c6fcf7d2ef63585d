// JSON read and written exactly as the server reads and writes it for the evaluators: numbers keep
// their value (JSON.parse rounds 9007199254740993 to a double and reads 1e400 as Infinity), and
// answers are written canonically so that the Go and the TypeScript evaluator compare byte for byte
// (backend/form/canonical_test.go writes the same text).
import { kindOf, numberValue, NumberText } from './jsonlogic'
import { compareText, readLiteral } from './numtext'

/** A double holds this number literal exactly: its shortest text has the same value. */
function exactAsDouble(tok: string, n: number): boolean {
  if (!Number.isFinite(n)) return false
  const a = readLiteral(tok)
  const b = readLiteral(String(n))
  return !!a && !!b && a.digits === b.digits && a.exp === b.exp && (a.neg === b.neg || a.digits === '')
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** A lone surrogate ("\ud800") as U+FFFD, which is what Go's JSON decoder makes of it. */
function wellFormed(s: string): string {
  return LONE_SURROGATE.test(s) ? s.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd') : s
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y

/**
 * JSON.parse, except that a number a double cannot hold exactly becomes a NumberText (Go's
 * json.Number), which the evaluators read at its exact value, and a lone surrogate becomes U+FFFD
 * as in Go.
 */
export function parseExactJSON(text: string): unknown {
  let i = 0
  const fail = (what: string): never => {
    throw new SyntaxError(`exact JSON: ${what} at ${i}`)
  }
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++
      else break
    }
  }
  const str = (): string => {
    const start = i
    i++
    for (;;) {
      if (i >= text.length) fail('unterminated string')
      const c = text.charCodeAt(i)
      if (c === 0x22) break
      i += c === 0x5c ? 2 : 1
    }
    i++
    return wellFormed(JSON.parse(text.slice(start, i)) as string)
  }
  const value = (): unknown => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const obj: Record<string, unknown> = {}
      ws()
      if (text[i] === '}') {
        i++
        return obj
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('expected a key')
        const k = str()
        ws()
        if (text[i] !== ':') fail('expected :')
        i++
        const v = value()
        // An own property even for "__proto__", as JSON.parse makes it.
        Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true })
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return obj
        }
        fail('expected , or }')
      }
    }
    if (c === '[') {
      i++
      const arr: unknown[] = []
      ws()
      if (text[i] === ']') {
        i++
        return arr
      }
      for (;;) {
        arr.push(value())
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return arr
        }
        fail('expected , or ]')
      }
    }
    if (c === '"') return str()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (!m) fail('unexpected character')
    const tok = m![0]
    i += tok.length
    const n = Number(tok)
    return exactAsDouble(tok, n) ? n : new NumberText(tok)
  }
  const out = value()
  ws()
  if (i !== text.length) fail('trailing data')
  return out
}

function quote(s: string): string {
  let out = '"'
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let esc = ''
    if (c === 0x22) esc = '\\"'
    else if (c === 0x5c) esc = '\\\\'
    else if (c < 0x20) esc = '\\u' + c.toString(16).padStart(4, '0')
    else continue
    out += s.slice(start, i) + esc
    start = i + 1
  }
  return out + s.slice(start) + '"'
}

/**
 * Canonical JSON of an evaluator's value: numbers at their exact value in plain notation (a number
 * that is not finite is null), strings with only '"', '\' and control characters escaped (\u00XX),
 * object keys in code point order. Go's canonicalJSON writes the same bytes.
 */
export function canonical(v: unknown): string {
  switch (kindOf(v)) {
    case 'null':
      return 'null'
    case 'bool':
      return v ? 'true' : 'false'
    case 'number': {
      const d = numberValue(v)
      return d ? d.toString() : 'null'
    }
    case 'string':
      return quote(v as string)
    case 'array':
      return '[' + (v as unknown[]).map(canonical).join(',') + ']'
  }
  const o = v as Record<string, unknown>
  return '{' + Object.keys(o).sort(compareText).map((k) => quote(k) + ':' + canonical(o[k])).join(',') + '}'
}

export { NumberText }
