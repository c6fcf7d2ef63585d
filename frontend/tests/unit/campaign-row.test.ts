import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '../../src/i18n'
import CampaignRow from '../../src/components/CampaignRow.vue'
import type { Campaign, Completeness } from '../../src/api/types'

const campaign = { id: 7, form: 'teacher-training', title: '2025 教师培训经费', period: '2025', deadline: '2026-03-31T00:00:00Z', review_levels: ['town', 'district'] } as unknown as Campaign
const comp = {
  expected: 4, submitted: 2, approved: 1, returned: 0, draft: 1, not_started: 1, overdue: 1, on_time_rate: '0.5000',
  waiting: { town: 1 },
  by_town: [
    { town: { id: 3, name: '城西街道' }, expected: 3, submitted: 1, approved: 1, waiting: { town: 1 }, missing: [{ id: 31, name: '城西小学' }, { id: 32, name: '城西中学' }] },
    { town: { id: 0, name: '未归属' }, expected: 1, submitted: 1, approved: 0, waiting: {}, missing: [] },
  ],
} as unknown as Completeness

const row = (c: Completeness | null | undefined) => mount(CampaignRow, { props: { c: campaign, title: campaign.title, comp: c }, global: { plugins: [i18n] } })

describe('a campaign row of the reporting progress', () => {
  it('shows the bar, the counts and each town with its missing schools', () => {
    const w = row(comp)
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('50')
    expect(w.text()).toContain('2')
    // In the closed details, where find-in-page finds them.
    const details = w.find('[data-testid="campaign-towns-teacher-training"]')
    expect((details.element as HTMLDetailsElement).open).toBe(false)
    const lis = details.findAll('li')
    expect(lis).toHaveLength(2)
    expect(lis[0].text()).toContain('城西街道')
    expect(lis[0].text()).toContain('1/3')
    expect(lis[0].text()).toContain('城西小学、城西中学')
    // The orgs under no town are named in the reader's language, not the server's Chinese.
    expect(lis[1].text()).toContain('区直属单位')
    expect(lis[1].text()).not.toContain('未归属')
  })

  it('keeps the place of counts not yet shown, and shows nothing for counts that could not be had', () => {
    expect(row(undefined).find('.pending').exists()).toBe(true)
    const failed = row(null)
    expect(failed.find('.pending').exists()).toBe(false)
    expect(failed.find('[role="progressbar"]').exists()).toBe(false)
  })
})
