// Multi-level review in the app: the one place levels become words (src/format/review.ts), the
// chain's steps, the approve button's "pass up", history entries of a level, and the reviewer's
// queue store asking for awaiting=me first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api, type FetchLike } from '../../src/api/client'
import { createCampaign } from '../../src/api/admin'
import { basisLabelKey, basisOf } from '../../src/api/indicators'
import { returnSubmission } from '../../src/api/review'
import { REVIEW_LEVELS, type ReviewLevel } from '../../src/api/vocab'
import {
  approveLabel, chainSteps, revisionLabel, statusLabel, waitingKey, waitingSummary,
} from '../../src/format/review'
import { i18n } from '../../src/i18n'
import { useAuth } from '../../src/stores/auth'
import { useReviewQueue } from '../../src/stores/review'

const t = (k: string, named?: Record<string, unknown>) => (named ? i18n.global.t(k, named) : i18n.global.t(k))
const te = (k: string) => i18n.global.te(k)

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('review level labels', () => {
  it('says where a submitted one waits, one place for every level', () => {
    expect(t(waitingKey('school'))).toBe('待中心校审核')
    expect(t(waitingKey('town'))).toBe('待学区审核')
    expect(t(waitingKey('district'))).toBe('待区教委审核')
    expect(t(waitingKey(null))).toBe('待审核')
    expect(statusLabel(t, 'submitted', 'town')).toBe('待学区审核')
    expect(statusLabel(t, 'submitted', null)).toBe('已提交')
    expect(statusLabel(t, 'approved', null)).toBe('已通过')
    expect(statusLabel(t, 'returned', 'town', 'tasks.status.')).toBe('已退回')
    expect(statusLabel(t, 'not_started', null, 'tasks.status.')).toBe('未开始')
  })

  it('has a name and a waiting label in both languages for every level the backend knows', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      i18n.global.locale.value = lang
      for (const l of REVIEW_LEVELS) {
        expect(te('level.name.' + l), `${lang} level.name.${l}`).toBe(true)
        expect(te(waitingKey(l)), `${lang} ${waitingKey(l)}`).toBe(true)
      }
    }
    expect(t(waitingKey('district'))).toBe('Awaiting bureau review')
  })
})

describe('review chain', () => {
  const chain: ReviewLevel[] = ['town', 'district']

  it('marks the steps passed, current and to come', () => {
    expect(chainSteps(chain, 'town', 'submitted')).toEqual([{ level: 'town', state: 'current' }, { level: 'district', state: 'todo' }])
    expect(chainSteps(chain, 'district', 'submitted')).toEqual([{ level: 'town', state: 'done' }, { level: 'district', state: 'current' }])
    expect(chainSteps(chain, null, 'approved').map((s) => s.state)).toEqual(['done', 'done'])
    expect(chainSteps(chain, null, 'returned').map((s) => s.state)).toEqual(['todo', 'todo'])
    expect(chainSteps([], null, 'submitted')).toEqual([])
  })

  it('says "pass up" when the caller\'s yes sends it up (review.approve_to), else approve', () => {
    expect(approveLabel(t, 'district')).toBe('通过并上报区教委')
    expect(approveLabel(t, 'town')).toBe('通过并上报学区')
    expect(approveLabel(t, null)).toBe('通过')
    expect(approveLabel(t, undefined)).toBe('通过')
  })

  it('names the levels in history entries', () => {
    expect(revisionLabel(t, te, { action: 'pass', level: 'town', to_level: 'district' })).toBe('学区审核通过，上报区教委')
    expect(revisionLabel(t, te, { action: 'return_below', level: 'district', to_level: 'town' })).toBe('区教委退回学区重审')
    expect(revisionLabel(t, te, { action: 'approve', level: 'district', to_level: null })).toBe('区教委审核通过')
    expect(revisionLabel(t, te, { action: 'return', level: 'town', to_level: null })).toBe('学区退回填报单位')
    expect(revisionLabel(t, te, { action: 'approve', level: null })).toBe('通过')
    expect(revisionLabel(t, te, { action: 'submit' })).toBe('提交')
    expect(revisionLabel(t, te, { action: 'something_new' })).toBe('something_new')
    i18n.global.locale.value = 'en'
    expect(revisionLabel(t, te, { action: 'pass', level: 'town', to_level: 'district' })).toBe('Passed by the town, sent up to the bureau')
  })
})

describe('figures by level', () => {
  it("counts what waits at each of a campaign's levels, bottom-up", () => {
    expect(waitingSummary(t, ['town', 'district'], { town: 3, district: 5 })).toBe('待学区审核 3 / 待区教委审核 5')
    expect(waitingSummary(t, ['town', 'district'], { district: 2 })).toBe('待学区审核 0 / 待区教委审核 2')
    expect(waitingSummary(t, [], { '': 4 })).toBe('')
  })

  it('offers 学区已审 beside official and provisional, and reads only those from a query', () => {
    expect(basisOf('passed_town')).toBe('passed_town')
    expect(basisOf('all')).toBe('all')
    expect(basisOf('nonsense')).toBe('approved')
    expect(basisOf(undefined)).toBe('approved')
    expect(t(basisLabelKey('passed_town'))).toBe('学区已审')
  })
})

describe('review queue store', () => {
  const realFetch = api.fetchFn
  const realTokens = api.tokens
  let calls: { method: string; url: string; body: unknown }[] = []

  beforeEach(() => {
    calls = []
    const f: FetchLike = async (url, init) => {
      calls.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined })
      const body = url.includes('/orgs/') ? { id: 9, parent_id: 1, type: 'town', code: 'town-chengnan', name: '城南街道' } : { items: [], total: 0, page: 1, page_size: 50 }
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
    api.fetchFn = f
    api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
    setActivePinia(createPinia())
  })
  afterEach(() => {
    api.fetchFn = realFetch
    api.tokens = realTokens
    localStorage.clear()
  })

  function signIn(role: string) {
    useAuth().setUser({ id: 7, username: 'cnreview', display_name: '城南街道审核员', org_id: 9, org_name: '城南街道', status: 'active', must_change_password: false, roles: [{ role: role as 'reviewer', org_id: 9, org_code: 'town-chengnan', org_name: '城南街道' }], created_at: '' })
  }

  it("asks a reviewer's own queue first (awaiting=me, no status), then everything in scope by status", async () => {
    signIn('reviewer')
    const q = useReviewQueue()
    expect(q.scope).toBe('mine')
    await q.load()
    expect(calls[0].url).toBe('/api/v1/submissions?awaiting=me&page=1&page_size=50')
    q.filter.form = 'teacher-training'
    await q.setScope('all')
    expect(calls[1].url).toBe('/api/v1/submissions?form=teacher-training&status=submitted&page=1&page_size=50')
    // A level filters what waits there; the own queue ignores it.
    q.filter.level = 'district'
    await q.load()
    expect(calls[2].url).toBe('/api/v1/submissions?level=district&form=teacher-training&status=submitted&page=1&page_size=50')
    await q.setScope('mine')
    expect(calls[3].url).toBe('/api/v1/submissions?awaiting=me&form=teacher-training&page=1&page_size=50')
  })

  it('gives a leader (no review seat) everything in scope', async () => {
    signIn('leader')
    const q = useReviewQueue()
    expect(q.scope).toBe('all')
    await q.load()
    expect(calls[0].url).not.toContain('awaiting')
  })

  it('opens a campaign with its review levels bottom-up, none for one step', async () => {
    const base = { form: 'teacher-training', period: '2026', title: '', deadline: '2026-12-31T15:59:59Z', org_id: 0, org_types: [] }
    await createCampaign({ ...base, review_levels: ['district', 'town'] })
    await createCampaign({ ...base, review_levels: [] })
    expect((calls[0].body as { review_levels: string[] }).review_levels).toEqual(['town', 'district'])
    expect(calls[1].body).not.toHaveProperty('review_levels')
  })

  it('returns to the level below with to=below, to the filler without it', async () => {
    await returnSubmission(5, 3, '请复核', {}, 'below')
    await returnSubmission(5, 4, '请修改', { a: '偏低' })
    expect(calls[0]).toEqual({ method: 'POST', url: '/api/v1/submissions/5/return', body: { version: 3, comment: '请复核', field_comments: {}, to: 'below' } })
    expect(calls[1].body).toEqual({ version: 4, comment: '请修改', field_comments: { a: '偏低' } })
  })
})
