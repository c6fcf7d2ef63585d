// The evaluator's budgets, as the server's (backend/form/budget_test.go asserts the same answers):
// one join budget per cat for all its arguments, and work counted in code points.
import { describe, expect, it } from 'vitest'
import { apply, RuleError } from '../../src/rules/jsonlogic'

describe('evaluator budgets', () => {
  it('cat shares one join budget between its arguments', () => {
    const a = Array.from({ length: 60000 }, (_, i) => i)
    const s = apply({ cat: [{ var: 'a' }, '|', { var: 'a' }] }, { a }) as string
    const [first, second] = s.split('|')
    expect(first.endsWith(',59999')).toBe(true)
    expect(second.endsWith(',39998')).toBe(true)
  })
  it('counts work in code points', () => {
    const data = { s: '黔'.repeat(300000) }
    const rule = { cat: [{ var: 's' }, { var: 's' }, { var: 's' }] }
    expect((apply(rule, data) as string).length).toBe(900000)
    expect(() => apply({ cat: [rule, 'x', { var: 's' }] }, data)).toThrow(RuleError)
    // Beyond U+FFFF a character is two UTF-16 units but one unit of work, as in Go.
    expect((apply({ cat: [{ var: 'e' }, { var: 'e' }] }, { e: '😀'.repeat(400000) }) as string).length).toBe(1600000)
  })
})
