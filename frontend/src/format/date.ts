// Dates as the screens show them, written out by hand in the reader's local time: the same text as
// toLocaleDateString / toLocaleString in zh-CN ("2026/3/5", "2026/3/5 08:04:09") and en-GB
// ("05/03/2026", "05/03/2026, 08:04:09"), and with dateStyle medium, timeStyle short ("2026年3月5日
// 08:04", "5 Mar 2026, 08:04"). The first Intl date format a page makes loads the locale's
// calendar data, about 40 ms of a slow phone's main thread before the screen can draw, and each
// toLocaleString with options makes a formatter of its own (the task list: 130 ms at 4× CPU).

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

// en-GB's short months (ICU writes September as Sept).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']

/** A day in words and a time to the minute: 2026年3月5日 08:04 in Chinese, 5 Mar 2026, 08:04 in English. */
export function whenText(iso: string | Date, lang: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`
  return lang === 'en'
    ? `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${time}`
    : `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${time}`
}
