// Exact decimal numbers (value = m × 10^e) with the semantics of shopspring/decimal that the
// server's evaluator uses: rounding is half away from zero, division keeps 10 places.

const TEN = 10n

function pow10(n: number): bigint {
  return TEN ** BigInt(n)
}

function absBig(x: bigint) {
  return x < 0n ? -x : x
}

export class Dec {
  readonly m: bigint
  readonly e: number
  constructor(m: bigint, e = 0) {
    this.m = m
    this.e = e
  }
  static zero = new Dec(0n, 0)
  static fromInt(n: number | bigint) {
    return new Dec(BigInt(n), 0)
  }
  /** Parses a plain or exponent decimal literal (already checked to be well formed). */
  static parse(s: string): Dec | null {
    const mt = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)
    if (!mt || (mt[2] === '' && (mt[3] ?? '') === '')) return null
    const int = mt[2] || '0'
    const frac = mt[3] ?? ''
    let m = BigInt(int + frac)
    if (mt[1] === '-') m = -m
    const exp = (mt[4] ? parseInt(mt[4], 10) : 0) - frac.length
    return new Dec(m, exp)
  }
  isZero() {
    return this.m === 0n
  }
  isNeg() {
    return this.m < 0n
  }
  neg() {
    return new Dec(-this.m, this.e)
  }
  private static align(a: Dec, b: Dec): [bigint, bigint, number] {
    if (a.e === b.e) return [a.m, b.m, a.e]
    if (a.e < b.e) return [a.m, b.m * pow10(b.e - a.e), a.e]
    return [a.m * pow10(a.e - b.e), b.m, b.e]
  }
  add(o: Dec) {
    const [x, y, e] = Dec.align(this, o)
    return new Dec(x + y, e)
  }
  sub(o: Dec) {
    const [x, y, e] = Dec.align(this, o)
    return new Dec(x - y, e)
  }
  mul(o: Dec) {
    return new Dec(this.m * o.m, this.e + o.e)
  }
  cmp(o: Dec) {
    const [x, y] = Dec.align(this, o)
    return x < y ? -1 : x > y ? 1 : 0
  }
  eq(o: Dec) {
    return this.cmp(o) === 0
  }
  lt(o: Dec) {
    return this.cmp(o) < 0
  }
  gt(o: Dec) {
    return this.cmp(o) > 0
  }
  /** Rounds to `places` digits after the point, half away from zero. */
  round(places: number): Dec {
    if (-this.e <= places) return this
    const drop = -this.e - places
    const p = pow10(drop)
    let q = this.m / p
    const r = absBig(this.m % p)
    if (r * 2n >= p) q += this.m < 0n ? -1n : 1n
    return new Dec(q, -places)
  }
  truncate(): Dec {
    if (this.e >= 0) return this
    return new Dec(this.m / pow10(-this.e), 0)
  }
  /** The integer part as a bigint (truncated toward zero). */
  intPart(): bigint {
    return this.e >= 0 ? this.m * pow10(this.e) : this.m / pow10(-this.e)
  }
  isInteger() {
    return this.eq(this.truncate())
  }
  /**
   * this / o rounded to `places`, half away from zero (shopspring DivRound). The operands may have
   * any exponents: x/y = (m1/m2)·10^(e1−e2), so the quotient at `places` digits is
   * m1·10^(places+e1−e2) / m2, rounded by comparing twice the remainder with the divisor.
   */
  divRound(o: Dec, places: number): Dec {
    if (o.m === 0n) throw new RangeError('division by zero')
    const shift = places + this.e - o.e
    let num = this.m
    let den = o.m
    if (shift >= 0) num *= pow10(shift)
    else den *= pow10(-shift)
    let q = num / den
    const r = num % den
    if (absBig(r) * 2n >= absBig(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n
    return new Dec(q, -places)
  }
  /** Remainder with the sign of the dividend (truncated division), like JS %. */
  mod(o: Dec): Dec {
    const [x, y, e] = Dec.align(this, o)
    return new Dec(x % y, e)
  }
  numDigits(): number {
    return absBig(this.m).toString().length
  }
  /** The value with trailing zeros removed, like shopspring's String(). */
  toString(): string {
    if (this.m === 0n) return '0'
    let m = this.m
    let e = this.e
    while (e < 0 && m % TEN === 0n) {
      m /= TEN
      e++
    }
    if (e >= 0) return (m * pow10(e)).toString()
    return fixed(m, -e)
  }
  /** Exactly `places` digits after the point (rounded half away from zero). */
  toFixed(places: number): string {
    const r = this.round(places)
    let m = r.m
    let e = r.e
    if (e > -places) {
      m *= pow10(e + places)
      e = -places
    }
    return places === 0 ? m.toString() : fixed(m, places)
  }
  toNumber(): number {
    return Number(this.toString())
  }
}

function fixed(m: bigint, places: number): string {
  const neg = m < 0n
  let s = absBig(m).toString()
  if (s.length <= places) s = '0'.repeat(places - s.length + 1) + s
  const out = s.slice(0, s.length - places) + '.' + s.slice(s.length - places)
  return (neg ? '-' : '') + out
}
