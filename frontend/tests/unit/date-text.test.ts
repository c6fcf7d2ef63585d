import { describe, expect, it } from 'vitest'
import { dateTimeText, dayText, whenText } from '../../src/format/date'

// The hand-written dates read exactly as the browser's zh-CN and en-GB formats did.
describe('dayText, dateTimeText and whenText', () => {
  const dates = [...Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}-0${(m % 9) + 1}T0${m % 10}:0${m % 6}:00`), '2026-03-05T08:04:09Z', '2025-12-31T23:59:59Z', '2026-01-01T00:00:00+08:00', '2024-02-29T12:30:00Z', '2026-10-10T16:05:01.250Z']
  for (const iso of dates) {
    it(iso, () => {
      const d = new Date(iso)
      expect(dayText(iso, 'zh-CN')).toBe(d.toLocaleDateString('zh-CN'))
      expect(dayText(iso, 'en')).toBe(d.toLocaleDateString('en-GB'))
      expect(dateTimeText(iso, 'zh-CN')).toBe(d.toLocaleString('zh-CN'))
      expect(dateTimeText(iso, 'en')).toBe(d.toLocaleString('en-GB'))
      expect(whenText(iso, 'zh-CN')).toBe(d.toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }))
      expect(whenText(iso, 'en')).toBe(d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }))
    })
  }
  it('an unreadable date is empty', () => {
    expect(dayText('nonsense', 'zh-CN')).toBe('')
    expect(dateTimeText('nonsense', 'en')).toBe('')
    expect(whenText('nonsense', 'zh-CN')).toBe('')
  })
})
