import { describe, expect, it } from 'vitest'
import { groupedNumber } from '../../src/format/number'

// The hand-written numbers read exactly as Intl.NumberFormat did in zh-CN and en-GB.
describe('groupedNumber', () => {
  const intl = (loc: string, n: number, max: number) => new Intl.NumberFormat(loc, { minimumFractionDigits: 0, maximumFractionDigits: max }).format(n)
  const fixed = [0, -0, 1, -1, 0.5, 1.005, 2.675, 1.6600000000000001, 0.0166 * 100, 99.995, 999.995, 9999.99999, 1234567.891, -1234.5678, 0.00001, 0.000049999, -0.001,
    1e21, 1.5e22, 123456789012345680000, 5e-7, 0.125, 0.135, 1000, 10000, 100000, 999999.999, 12.3456, 0.30000000000000004, 1.45, 8.325, 1.0049999999999999]
  for (const max of [0, 2, 4]) {
    it(`fixed values, up to ${max} places`, () => {
      for (const n of fixed) {
        expect(groupedNumber(n, max), `${n}`).toBe(intl('zh-CN', n, max))
        expect(groupedNumber(n, max), `${n}`).toBe(intl('en-GB', n, max))
      }
    })
  }
  it('random values', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    for (let i = 0; i < 5000; i++) {
      const scale = 10 ** Math.floor(rnd() * 12 - 5)
      const n = (rnd() - 0.3) * scale
      const r = Math.round(rnd() * 1e6) / 10 ** Math.floor(rnd() * 7)
      for (const x of [n, r, r * 100]) for (const max of [2, 4]) expect(groupedNumber(x, max), `${x}`).toBe(intl('zh-CN', x, max))
    }
  })
})
