// Numbers as the board shows them, written out by hand: the same text as Intl.NumberFormat in zh-CN
// and en-GB with no minimum and a maximum of places ("1,234.57", "-0.5", "12"). Both languages group
// thousands with "," and write the point as ".". The first Intl.NumberFormat a page makes loads the
// locale's number data, ~60 ms of a slow phone's main thread inside the task that draws the first card.

/**
 * n with at most maxPlaces decimal places, rounded half away from zero and trailing zeros dropped
 * down to minPlaces (an amount's 1,234.50), thousands grouped with ",". Rounds the shortest decimal
 * that reads back as n (String(n)), as ICU does, so 1.005 reads "1.01" to two places like Intl
 * (not toFixed's "1.00").
 */
export function groupedNumber(n: number, maxPlaces: number, minPlaces = 0): string {
  if (!Number.isFinite(n)) return String(n)
  const neg = n < 0 || Object.is(n, -0)
  const [mant, e] = String(Math.abs(n)).split('e')
  const [ip, fp = ''] = mant.split('.')
  let digits = ip + fp
  let point = ip.length + (e ? Number(e) : 0)
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length)
  let int = digits.slice(0, point) || '0'
  let frac = digits.slice(point)
  if (frac.length > maxPlaces) {
    const up = frac.charCodeAt(maxPlaces) >= 53 // the first dropped digit is 5 or more
    frac = frac.slice(0, maxPlaces)
    if (up) {
      const all = (int + frac).split('')
      let i = all.length - 1
      for (; i >= 0 && all[i] === '9'; i--) all[i] = '0'
      if (i >= 0) all[i] = String(Number(all[i]) + 1)
      const joined = (i < 0 ? '1' : '') + all.join('')
      int = joined.slice(0, joined.length - frac.length)
      frac = joined.slice(joined.length - frac.length)
    }
  }
  frac = frac.replace(/0+$/, '').padEnd(minPlaces, '0')
  int = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '')
}
