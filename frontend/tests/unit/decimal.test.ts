// The exact decimal type the browser's evaluator computes with (src/rules/decimal.ts), and the text
// helpers beside it (numtext.ts, exactjson.ts): they must do what shopspring/decimal and Go do on the server.
import { describe, expect, it } from 'vitest'
import { Dec } from '../../src/rules/decimal'
import { codePoints, compareText, readTyped, trimSpace } from '../../src/rules/numtext'
import { canonical, parseExactJSON } from '../../src/rules/exactjson'
import { NumberText, parseNumberString } from '../../src/rules/jsonlogic'

const d = (s: string) => {
  const x = parseNumberString(s)
  if (!x) throw new Error(s)
  return x
}
const div = (a: string, b: string, places = 10) => d(a).divRound(d(b), places).toString()

describe('Dec', () => {
  it('divides operands with different numbers of decimal places', () => {
    expect(div('7.96', '7')).toBe('1.1371428571')
    expect(div('650000', '1000')).toBe('650')
    expect(div('650000.00', '1000')).toBe('650')
    expect(div('1234567.89', '10000')).toBe('123.456789')
    expect(div('14950', '1000000')).toBe('0.01495')
    expect(div('1', '0.003')).toBe('333.3333333333')
    expect(div('0.5', '0.25')).toBe('2')
    expect(div('100', '0.0001')).toBe('1000000')
    expect(div('1e3', '2.5e-2')).toBe('40000')
    expect(div('12.3456', '7.1')).toBe('1.7388169014')
  })
  it('divides negatives, rounding away from zero', () => {
    expect(div('-2', '3')).toBe('-0.6666666667')
    expect(div('2', '-3')).toBe('-0.6666666667')
    expect(div('-2', '-3')).toBe('0.6666666667')
    expect(div('-7.96', '7')).toBe('-1.1371428571')
    expect(div('-1', '3')).toBe('-0.3333333333')
  })
  it('rounds exact halves at the 10th place away from zero', () => {
    expect(div('0.00000000005', '1')).toBe('0.0000000001')
    expect(div('-0.00000000005', '1')).toBe('-0.0000000001')
    expect(div('0.00000000015', '1')).toBe('0.0000000002')
    expect(div('0.00000000025', '1')).toBe('0.0000000003') // half up, not half even
    expect(div('1', '16')).toBe('0.0625')
    expect(div('1', '32', 4)).toBe('0.0313')
    expect(div('-1', '32', 4)).toBe('-0.0313')
    expect(div('0.000000000049999', '1')).toBe('0')
    expect(div('0.0000000000500001', '1')).toBe('0.0000000001')
  })
  it('rounds at the 10th place', () => {
    expect(div('1', '3')).toBe('0.3333333333')
    expect(div('2', '3')).toBe('0.6666666667')
    expect(div('1', '7')).toBe('0.1428571429')
    expect(div('10', '3')).toBe('3.3333333333')
    expect(div('1', '1024')).toBe('0.0009765625')
    expect(div('1', '2048')).toBe('0.0004882813')
  })
  it('rounds, fixes places and compares like shopspring', () => {
    expect(d('1.495').round(2).toString()).toBe('1.5')
    expect(d('-1.495').round(2).toString()).toBe('-1.5')
    expect(d('1.494').round(2).toFixed(2)).toBe('1.49')
    expect(d('2.5').round(0).toString()).toBe('3')
    expect(d('-2.5').round(0).toString()).toBe('-3')
    expect(d('7').toFixed(2)).toBe('7.00')
    expect(d('0.0008').toFixed(4)).toBe('0.0008')
    expect(d('-0.0004').round(3).toFixed(3)).toBe('0.000')
    expect(d('1.50').eq(d('1.5'))).toBe(true)
    expect(d('-7').mod(d('3')).toString()).toBe('-1')
    expect(d('7.5').mod(d('2')).toString()).toBe('1.5')
    expect(d('9007199254740993').add(Dec.fromInt(1)).toString()).toBe('9007199254740994')
  })
  it('keeps numbers within the bounds when reading them', () => {
    expect(parseNumberString('1e60')).toBeNull()
    expect(parseNumberString('9'.repeat(60))!.toString()).toBe('9'.repeat(60))
    expect(parseNumberString('1e-400')!.toString()).toBe('0')
    expect(parseNumberString('5e-41')!.toString()).toBe('0.' + '0'.repeat(39) + '1')
    expect(parseNumberString('4e-41')!.toString()).toBe('0')
    expect(parseNumberString('0.' + '1'.repeat(100000))!.toString()).toBe('0.' + '1'.repeat(40))
    expect(parseNumberString('1,000')).toBeNull()
  })
})

describe('typed numbers and white space', () => {
  const typed = (s: string, wan = false) => {
    const x = readTyped(s, wan)
    return x ? `${x.neg ? '-' : ''}${x.digits || '0'}e${x.exp}` : null
  }
  it('reads numbers as people type them, the same way as the server', () => {
    expect(typed('8,000,000')).toBe('8e6')
    expect(typed('8 000 000')).toBe('8e6')
    expect(typed('８００，０００．５')).toBe('8000005e-1')
    expect(typed('－５')).toBe('-5e0')
    expect(typed('\ufeff100000')).toBe('1e5')
    expect(typed('800万', true)).toBe('8e6')
    expect(typed('1.5 万元', true)).toBe('15e3')
    expect(typed('800万')).toBeNull()
    for (const bad of ['8,00,000', '1,2', '1e3', '5.', '.5', '1 ,000', '万', 'abc', '']) expect(typed(bad, true), bad).toBeNull()
  })
  it('trims one white space set: NEL and BOM alike, plus the zero width space', () => {
    expect(trimSpace('\u0085\ufeff\u3000 x\u200b\u00a0')).toBe('x')
    expect(trimSpace('\u180ex')).toBe('\u180ex')
  })
  it('measures and orders text by code points', () => {
    expect(codePoints('😀ab')).toBe(3)
    expect(codePoints('黔江')).toBe(2)
    expect(compareText('\uff01', '😀')).toBe(-1)
    expect(compareText('a', 'ab')).toBe(-1)
    expect(compareText('b', 'a')).toBe(1)
    expect(['😀', '\uff01', 'z', ''].sort(compareText)).toEqual(['', 'z', '\uff01', '😀'])
  })
  it('reads JSON exactly and writes it canonically', () => {
    const v = parseExactJSON('{"a": 9007199254740993, "b": 1.50, "c": 1e400, "__proto__": [-0, "\\u00e9"]}') as Record<string, unknown>
    expect(v.a).toBeInstanceOf(NumberText)
    expect(v.b).toBe(1.5)
    expect(Object.keys(v)).toEqual(['a', 'b', 'c', '__proto__'])
    expect(canonical(v)).toBe('{"__proto__":[0,"é"],"a":9007199254740993,"b":1.5,"c":null}')
    expect(canonical({ s: 'a"\\\n' })).toBe('{"s":"a\\"\\\\\\u000a"}')
    expect(parseExactJSON('["\\ud800x", "\\ud83d\\ude00", "\\ude00"]')).toEqual(['\ufffdx', '😀', '\ufffd'])
  })
})
