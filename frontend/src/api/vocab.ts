// Code generated from backend/vocab by "go generate ./backend/vocab"; DO NOT EDIT.
// The words the backend spells once (statuses, roles, org types); a Go test in backend/vocab fails
// when this file falls behind the Go lists. Labels stay in i18n, keyed by these values.

/** Where one org's submission stands in its review, in workflow order. */
export const SubmissionStatus = {
  Draft: 'draft',
  Submitted: 'submitted',
  Returned: 'returned',
  Approved: 'approved',
} as const
export type SubmissionStatus = (typeof SubmissionStatus)[keyof typeof SubmissionStatus]
export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['draft', 'submitted', 'returned', 'approved']
/** Statuses of a submission its org has handed in: what a reviewer has seen. */
export const HANDED_IN: readonly SubmissionStatus[] = ['submitted', 'approved']
/** Statuses of a submission its org still owes (never submitted, or returned): the editable ones. */
export const NOT_HANDED_IN: readonly SubmissionStatus[] = ['draft', 'returned']

/** A task's status: not_started until its org opens the submission, then the submission's. */
export const TaskStatus = {
  NotStarted: 'not_started',
  Draft: 'draft',
  Submitted: 'submitted',
  Returned: 'returned',
  Approved: 'approved',
} as const
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus]
export const TASK_STATUSES: readonly TaskStatus[] = ['not_started', 'draft', 'submitted', 'returned', 'approved']

/** An indicator's standing against its target; insufficient_data until enough orgs reported. */
export const TargetStatus = {
  Met: 'met',
  NotMet: 'not_met',
  InsufficientData: 'insufficient_data',
} as const
export type TargetStatus = (typeof TargetStatus)[keyof typeof TargetStatus]
export const TARGET_STATUSES: readonly TargetStatus[] = ['met', 'not_met', 'insufficient_data']

/** Role names, lowest to highest as far as granting goes (the order the UI shows). */
export const Role = {
  Filler: 'filler',
  OrgAdmin: 'org_admin',
  Reviewer: 'reviewer',
  Leader: 'leader',
  Sysadmin: 'sysadmin',
} as const
export type Role = (typeof Role)[keyof typeof Role]
export const ROLES: readonly Role[] = ['filler', 'org_admin', 'reviewer', 'leader', 'sysadmin']

/** The kinds of org unit. */
export const OrgType = {
  Bureau: 'bureau',
  Department: 'department',
  Town: 'town',
  Kindergarten: 'kindergarten',
  Primary: 'primary',
  Junior: 'junior',
  Senior: 'senior',
  CompleteMiddle: 'complete_middle',
  NineYear: 'nine_year',
  Special: 'special',
  VocationalSecondary: 'vocational_secondary',
  VocationalCollege: 'vocational_college',
} as const
export type OrgType = (typeof OrgType)[keyof typeof OrgType]
export const ORG_TYPES: readonly OrgType[] = ['bureau', 'department', 'town', 'kindergarten', 'primary', 'junior', 'senior', 'complete_middle', 'nine_year', 'special', 'vocational_secondary', 'vocational_college']

/** Where a unit says a measure stands in its progress report. */
export const MeasureStatus = {
  NotStarted: 'not_started',
  OnTrack: 'on_track',
  AtRisk: 'at_risk',
  Delayed: 'delayed',
  Done: 'done',
} as const
export type MeasureStatus = (typeof MeasureStatus)[keyof typeof MeasureStatus]
export const MEASURE_STATUSES: readonly MeasureStatus[] = ['not_started', 'on_track', 'at_risk', 'delayed', 'done']

/** A supervision notice's escalation step: 提醒 → 督办 → 通报. */
export const NoticeLevel = {
  Reminder: 'reminder',
  Supervise: 'supervise',
  Circulate: 'circulate',
} as const
export type NoticeLevel = (typeof NoticeLevel)[keyof typeof NoticeLevel]
export const NOTICE_LEVELS: readonly NoticeLevel[] = ['reminder', 'supervise', 'circulate']

/** Where a supervision notice stands. */
export const NoticeStatus = {
  Open: 'open',
  Answered: 'answered',
  Closed: 'closed',
} as const
export type NoticeStatus = (typeof NoticeStatus)[keyof typeof NoticeStatus]
export const NOTICE_STATUSES: readonly NoticeStatus[] = ['open', 'answered', 'closed']

/** The steps of multi-level review, bottom-up: a campaign's levels are an ordered subset. */
export const ReviewLevel = {
  School: 'school',
  Town: 'town',
  District: 'district',
} as const
export type ReviewLevel = (typeof ReviewLevel)[keyof typeof ReviewLevel]
export const REVIEW_LEVELS: readonly ReviewLevel[] = ['school', 'town', 'district']

/** Why a reviewer issues a supervision notice. */
export const NoticeReason = {
  MeasureAtRisk: 'measure_at_risk',
  MilestoneOverdue: 'milestone_overdue',
  TaskOverdue: 'task_overdue',
  ReturnedUntouched: 'returned_untouched',
  Other: 'other',
} as const
export type NoticeReason = (typeof NoticeReason)[keyof typeof NoticeReason]
export const NOTICE_REASONS: readonly NoticeReason[] = ['measure_at_risk', 'milestone_overdue', 'task_overdue', 'returned_untouched', 'other']

/** The named groups of org types the plan's wording uses (an indicator's applies_to). */
export const ORG_TYPE_SETS = {
  all_schools: ['kindergarten', 'primary', 'junior', 'senior', 'complete_middle', 'nine_year', 'special', 'vocational_secondary', 'vocational_college'],
  bureau: ['bureau'],
  compulsory_schools: ['primary', 'junior', 'nine_year', 'complete_middle'],
  departments: ['department'],
  district_schools: ['kindergarten', 'primary', 'junior', 'senior', 'complete_middle', 'nine_year', 'special', 'vocational_secondary'],
  kindergartens: ['kindergarten'],
  schools: ['primary', 'junior', 'senior', 'complete_middle', 'nine_year', 'special'],
  schools_and_kindergartens: ['kindergarten', 'primary', 'junior', 'senior', 'complete_middle', 'nine_year', 'special'],
  senior_high: ['senior', 'complete_middle'],
  units: ['bureau', 'department', 'kindergarten', 'primary', 'junior', 'senior', 'complete_middle', 'nine_year', 'special', 'vocational_secondary', 'vocational_college'],
  vocational: ['vocational_secondary', 'vocational_college'],
  vocational_college: ['vocational_college'],
  vocational_secondary: ['vocational_secondary'],
} as const satisfies Record<string, readonly OrgType[]>
export type OrgTypeSet = keyof typeof ORG_TYPE_SETS
