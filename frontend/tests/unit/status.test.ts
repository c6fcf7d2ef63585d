import { describe, expect, it } from 'vitest'
import { SUBMISSION_STATUSES, SubmissionStatus, TASK_STATUSES, TaskStatus } from '../../src/api/vocab'
import { statusTagType } from '../../src/stores/status'

describe('statusTagType', () => {
  it('colours approved, returned and submitted; anything else falls back', () => {
    expect(statusTagType(SubmissionStatus.Approved)).toBe('success')
    expect(statusTagType(SubmissionStatus.Returned)).toBe('danger')
    expect(statusTagType(SubmissionStatus.Submitted)).toBe('primary')
    expect(statusTagType(SubmissionStatus.Draft)).toBe('default')
    expect(statusTagType(SubmissionStatus.Draft, 'primary')).toBe('primary')
    expect(statusTagType(undefined)).toBe('default')
  })
  it('every task status but not_started is a submission status', () => {
    expect(TASK_STATUSES.filter((s) => s !== TaskStatus.NotStarted)).toEqual([...SUBMISSION_STATUSES])
  })
})
