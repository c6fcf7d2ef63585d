// Date fields refuse absurd years (0000, 9999) with the same bounds and code as the server
// (backend/form/normalize.go MinDateYear, MaxDateYear).
import { describe, expect, it } from 'vitest'
import { normalize } from '../../src/rules/evaluate'
import type { Form } from '../../src/api/types'

const form: Form = {
  code: 'dates', version: 1, title: 'D', period_type: 'year', org_types: ['primary'],
  fields: [{ key: 'dt', label: 'Dt', type: 'date' }],
} as Form

const codes = (dt: string) => normalize(form, { dt }).problems.map((p) => `${p.field}:${p.code}`)

describe('date bounds', () => {
  it('refuses years outside 1800-2199, as the server does', () => {
    for (const dt of ['0000-01-01', '1799-12-31', '2200-01-01', '9999-12-31']) {
      expect(codes(dt)).toEqual(['dt:invalid_date'])
    }
    for (const dt of ['1800-01-01', '2025-02-28', '2199-12-31']) {
      expect(codes(dt)).toEqual([])
      expect(normalize(form, { dt }).values).toEqual({ dt })
    }
  })
})
