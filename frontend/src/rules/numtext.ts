// Text and numbers as the server's evaluator reads them (backend/form/numtext.go, bounds.go):
// one white space set, exact number literals, numbers as people type them, and strings compared
// and measured by Unicode code points (as Go does with UTF-8), never by UTF-16 units.

/**
 * The one white space set (backend/form/numtext.go isSpace): ECMAScript's WhiteSpace and
 * LineTerminator (what trim() and Number() strip) plus U+0085 (NEL) and U+200B (zero width space).
 * All of them are single UTF-16 units.
 */
export function isSpace(c: number): boolean {
  switch (c) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0x85: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
      return true
  }
  return c >= 0x2000 && c <= 0x200b
}

/** Strips the white space set from both ends (a loop: a regex would be quadratic on long runs). */
export function trimSpace(s: string): string {
  let i = 0
  let j = s.length
  while (i < j && isSpace(s.charCodeAt(i))) i++
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--
  return i === 0 && j === s.length ? s : s.slice(i, j)
}

export function trimLeftSpace(s: string): string {
  let i = 0
  while (i < s.length && isSpace(s.charCodeAt(i))) i++
  return i === 0 ? s : s.slice(i)
}

/** The number of Unicode code points in s (Go's utf8.RuneCountInString). */
export function codePoints(s: string): number {
  let n = s.length
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

/** Compares strings by code points (Go's byte order of UTF-8), not by UTF-16 units as JS < does. */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (U+D800-DFFF) stand for code points above U+FFFF: move them above U+E000-FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    return x < y ? -1 : 1
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

/** Exponents beyond this are as good as infinite; digit counts plus exponents stay exact doubles. */
export const EXPONENT_CAP = 2 ** 40

/**
 * A number read exactly from its text, however long: ±digits × 10^exp, with digits free of
 * leading and trailing zeros ('' for zero). Never builds a big number from a huge text.
 */
export interface Exact { neg: boolean; digits: string; exp: number }

const numberLiteral = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/

/** Splits a number literal (sign, digits, fraction, exponent) into an Exact; null when it is not one. */
export function readLiteral(s: string): Exact | null {
  const m = numberLiteral.exec(s)
  const frac = m?.[3] ?? ''
  if (!m || m[2] + frac === '') return null
  let e = 0
  if (m[4] !== undefined) {
    e = Number(m[4])
    if (!Number.isFinite(e) || Math.abs(e) > EXPONENT_CAP) e = m[4].startsWith('-') ? -EXPONENT_CAP : EXPONENT_CAP
  }
  const all = m[2] + frac
  let i = 0
  while (i < all.length && all.charCodeAt(i) === 48) i++
  let j = all.length
  while (j > i && all.charCodeAt(j - 1) === 48) j--
  if (i === j) return { neg: false, digits: '', exp: 0 }
  return { neg: m[1] === '-', digits: all.slice(i, j), exp: e - frac.length + (all.length - j) }
}

/**
 * A number as people type it, after full-width forms are folded and white space is written as
 * ' ': sign, digits plain or grouped in threes by commas or spaces, optional fraction.
 */
const typedNumber = /^[+-]?(?:[0-9]+|[0-9]{1,3}(?:[, ][0-9]{3})+)(?:\.[0-9]+)?$/

/** Full-width digits, ＋ － ． ，and the minus sign as ASCII, white space as ' ' (Go's foldTyped). */
function foldTyped(s: string): string {
  let out = ''
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let r = ''
    if (c >= 0xff10 && c <= 0xff19) r = String.fromCharCode(48 + c - 0xff10)
    else if (c === 0xff0b) r = '+'
    else if (c === 0xff0d || c === 0x2212) r = '-'
    else if (c === 0xff0e) r = '.'
    else if (c === 0xff0c) r = ','
    else if (c !== 0x20 && isSpace(c)) r = ' '
    else continue
    out += s.slice(start, i) + r
    start = i + 1
  }
  return start === 0 ? s : out + s.slice(start)
}

function trimBlanks(s: string): string {
  let i = 0
  let j = s.length
  while (i < j && s.charCodeAt(i) === 0x20) i++
  while (j > i && s.charCodeAt(j - 1) === 0x20) j--
  return s.slice(i, j)
}

const WAN_SUFFIXES = ['万元', '万']

/**
 * Reads a number typed into a field exactly (backend/form/numtext.go readTyped): "12.50",
 * " 8,000,000 ", "8 000 000", "８０００", and with wan (money fields) "800万" = 8,000,000 or
 * "1.5 万元" = 15,000. null: not a number.
 */
export function readTyped(s: string, wan: boolean): Exact | null {
  s = trimBlanks(foldTyped(s))
  let shift = 0
  if (wan) {
    for (const suf of WAN_SUFFIXES) {
      if (s.endsWith(suf)) {
        s = trimBlanks(s.slice(0, s.length - suf.length))
        shift = 4
        break
      }
    }
  }
  if (!typedNumber.test(s)) return null
  if (s.includes(',') || s.includes(' ')) s = s.replace(/[, ]/g, '')
  const x = readLiteral(s)
  if (x && x.digits !== '') x.exp += shift
  return x
}
