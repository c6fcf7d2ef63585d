import { describe, expect, it } from 'vitest'
import { dateTimeText, dayText } from '../../src/format/date'

// The hand-written dates read exactly as the browser's zh-CN and en-GB formats did.
describe('dayText and dateTimeText', () => {
  const dates = ['2026-03-05T08:04:09Z', '2025-12-31T23:59:59Z', '2026-01-01T00:00:00+08:00', '2024-02-29T12:30:00Z', '2026-10-10T16:05:01.250Z']
  for (const iso of dates) {
    it(iso, () => {
      const d = new Date(iso)
      expect(dayText(iso, 'zh-CN')).toBe(d.toLocaleDateString('zh-CN'))
      expect(dayText(iso, 'en')).toBe(d.toLocaleDateString('en-GB'))
      expect(dateTimeText(iso, 'zh-CN')).toBe(d.toLocaleString('zh-CN'))
      expect(dateTimeText(iso, 'en')).toBe(d.toLocaleString('en-GB'))
    })
  }
  it('an unreadable date is empty', () => {
    expect(dayText('nonsense', 'zh-CN')).toBe('')
    expect(dateTimeText('nonsense', 'en')).toBe('')
  })
})
