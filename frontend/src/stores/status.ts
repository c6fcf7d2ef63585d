// How a submission's (or a task's) status is coloured. The statuses are the backend's words
// (api/vocab.ts, generated); their labels stay in i18n under status.<value>.
import { SubmissionStatus } from '../api/vocab'

export type StatusTagType = 'success' | 'danger' | 'primary' | 'default'

/** The vant tag type of a status: approved green, returned red, submitted blue, otherwise fallback. */
export function statusTagType(s: string | null | undefined, fallback: StatusTagType = 'default'): StatusTagType {
  switch (s) {
    case SubmissionStatus.Approved:
      return 'success'
    case SubmissionStatus.Returned:
      return 'danger'
    case SubmissionStatus.Submitted:
      return 'primary'
    default:
      return fallback
  }
}
