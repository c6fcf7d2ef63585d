// Numeric bounds in the browser's evaluator beyond the shared vectors: hostile sizes stay cheap
// (no quadratic regexes, no huge BigInts) and the messages name the bound, as the server's do.
import { describe, expect, it } from 'vitest'
import { normalize, fieldBounds } from '../../src/rules/evaluate'
import type { Form } from '../../src/api/types'

const form: Form = {
  code: 'bounds', version: 1, title: 'B', period_type: 'year', org_types: ['primary'],
  fields: [
    { key: 'm', label: 'M', type: 'money' },
    { key: 'i', label: 'I', type: 'integer' },
    { key: 'pay', label: 'Pay', type: 'money', min: '0', max: '5000000' },
  ],
} as Form

const codes = (values: Record<string, unknown>) => normalize(form, values).problems.map((p) => `${p.field}:${p.code}`)

describe('numeric bounds', () => {
  it('rejects megabyte-long numbers quickly', () => {
    const nines = '9'.repeat(2 << 20)
    const zeros = '0'.repeat(2 << 20)
    const start = Date.now()
    expect(codes({ m: nines })).toEqual(['m:above_max'])
    expect(codes({ m: '-' + nines })).toEqual(['m:below_min'])
    expect(codes({ m: '0.' + zeros + '1' })).toEqual(['m:too_many_decimals'])
    expect(normalize(form, { m: '1.' + zeros }).values).toEqual({ m: '1.00' })
    expect(normalize(form, { m: zeros + '5' }).values).toEqual({ m: '5.00' })
    expect(codes({ m: '1' + zeros + 'x' })).toEqual(['m:invalid_type'])
    expect(Date.now() - start).toBeLessThan(5000)
  })
  it('reads numbers exactly at the edges of the range', () => {
    expect(normalize(form, { m: '1000000000000', i: 1e12 }).values).toEqual({ m: '1000000000000.00', i: 1e12 })
    expect(codes({ m: '1000000000000.01', i: 1e12 + 1 })).toEqual(['m:above_max', 'i:above_max'])
    expect(codes({ m: Infinity, i: -Infinity })).toEqual(['m:above_max', 'i:below_min'])
    expect(codes({ m: NaN })).toEqual(['m:invalid_type'])
    expect(codes({ i: 9223372036854775807n })).toEqual(['i:above_max'])
    expect(codes({ i: 1e-7 })).toEqual(['i:not_integer'])
  })
  it('names the bound in the message, narrowed by the schema', () => {
    const [lo, hi] = fieldBounds(form.fields[2])
    expect([lo.toString(), hi.toString()]).toEqual(['0', '5000000'])
    const msg = (values: Record<string, unknown>) => normalize(form, values).problems.map((p) => p.zh)
    expect(msg({ m: '9'.repeat(30) })).toEqual(['不能大于1000000000000'])
    expect(msg({ pay: '-' + '9'.repeat(30) })).toEqual(['不能小于0'])
    expect(msg({ pay: '5000000.01' })).toEqual(['不能大于5000000'])
  })
})
