// Multi-level review as people read it: where a submission waits (待学区审核), the steps of its
// chain (学区 ✓ → 区教委 ⏳), the level a decision passes it up to or returns it to, and what a
// history entry of a level says. The levels are the backend's words (api/vocab.ts, generated);
// their names live in i18n only, under level.name.<level> and level.waiting.<level>, and this is
// the one place that turns a level into those keys.
import { REVIEW_LEVELS, SubmissionStatus, type ReviewLevel } from '../api/vocab'

type T = (key: string, named?: Record<string, unknown>) => string

/** The i18n key of "where it waits": 待学区审核 for a level, plain 待审核 for one-step review (null). */
export function waitingKey(level: ReviewLevel | null | undefined): string {
  return level && REVIEW_LEVELS.includes(level) ? 'level.waiting.' + level : 'level.waitingAny'
}

/** The i18n key of a level's name (学区, 区教委). */
export function levelNameKey(level: ReviewLevel): string {
  return 'level.name.' + level
}

/** The status label of a task or a submission: 待学区审核 for a submitted one with a level, else the status's own. */
export function statusLabel(t: T, status: string, level: ReviewLevel | null | undefined, statusPrefix = 'status.'): string {
  return status === SubmissionStatus.Submitted && level ? t(waitingKey(level)) : t(statusPrefix + status)
}

const rank = (l: ReviewLevel) => REVIEW_LEVELS.indexOf(l)

/** One step of the indicator: passed, waiting there now, or still to come. */
export type StepState = 'done' | 'current' | 'todo'
export interface Step { level: ReviewLevel; state: StepState }

/**
 * The steps of a submission's chain: approved, every one is passed; submitted, those under the
 * level it waits at are passed and that one is current; otherwise (draft, returned) none has begun.
 * Empty for one-step review.
 */
export function chainSteps(chain: readonly ReviewLevel[], level: ReviewLevel | null | undefined, status: string): Step[] {
  return chain.map((l) => {
    if (status === SubmissionStatus.Approved) return { level: l, state: 'done' }
    if (status !== SubmissionStatus.Submitted || !level) return { level: l, state: 'todo' }
    const state: StepState = rank(l) < rank(level) ? 'done' : l === level ? 'current' : 'todo'
    return { level: l, state }
  })
}

/** The approve button's words: 通过并上报区教委 when the caller's yes passes it up (review.approve_to), else 通过. */
export function approveLabel(t: T, approveTo: ReviewLevel | null | undefined): string {
  return approveTo ? t('review.passUp', { to: t(levelNameKey(approveTo)) }) : t('review.approve')
}

/**
 * How many wait at each of a campaign's review levels, bottom-up: "待学区审核 3 / 待区教委审核 5"
 * (completeness.waiting); empty for one-step review.
 */
export function waitingSummary(t: T, levels: readonly ReviewLevel[], waiting: Record<string, number> | undefined): string {
  return levels.map((l) => t('leader.waiting', { label: t(waitingKey(l)), n: waiting?.[l] ?? 0 })).join(t('leader.waitingSep'))
}

/** What a history entry says: a level's pass or return with the levels named, else the action's own label. */
export function revisionLabel(
  t: T,
  te: (key: string) => boolean,
  r: { action: string; level?: ReviewLevel | null; to_level?: ReviewLevel | null },
): string {
  const name = (l: ReviewLevel) => t(levelNameKey(l))
  if (r.level) {
    if (r.action === 'pass' && r.to_level) return t('history.level.pass', { level: name(r.level), to: name(r.to_level) })
    if (r.action === 'return_below' && r.to_level) return t('history.level.return_below', { level: name(r.level), to: name(r.to_level) })
    if (te('history.level.' + r.action)) return t('history.level.' + r.action, { level: name(r.level) })
  }
  return te('history.action.' + r.action) ? t('history.action.' + r.action) : r.action
}
