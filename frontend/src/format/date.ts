// Dates as the board shows them, written out by hand in the reader's local time: the same text as
// toLocaleDateString / toLocaleString in zh-CN ("2026/3/5", "2026/3/5 08:04:09") and en-GB
// ("05/03/2026", "05/03/2026, 08:04:09"). The first Intl date format a page makes loads the
// locale's calendar data, about 40 ms of a slow phone's main thread before the board can draw.

const two = (n: number) => String(n).padStart(2, '0')

/** A day: 2026/3/5 in Chinese, 05/03/2026 in English. */
export function dayText(iso: string | Date, lang: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return lang === 'en'
    ? `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`
    : `${d.getFullYear()}/${d.getMonth() + 1}/${d.getDate()}`
}

/** A day and a time: 2026/3/5 08:04:09 in Chinese, 05/03/2026, 08:04:09 in English. */
export function dateTimeText(iso: string | Date, lang: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  return lang === 'en' ? `${dayText(d, lang)}, ${time}` : `${dayText(d, lang)} ${time}`
}
