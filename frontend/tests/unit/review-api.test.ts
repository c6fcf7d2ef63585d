// The reviewer's endpoint functions (src/api/review.ts) and the session's (src/api/auth.ts): the
// paths, queries and bodies openapi.yaml names.
import { afterEach, describe, expect, it } from 'vitest'
import { api, type FetchLike } from '../../src/api/client'
import { approveSubmission, bulkApprove, fetchQueue, fetchReview, reopenSubmission, returnSubmission } from '../../src/api/review'
import { changePassword, login, logout } from '../../src/api/auth'

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
const realFetch = api.fetchFn
const realTokens = api.tokens

function record(answer: (url: string) => unknown = () => ({})) {
  const calls: { method: string; url: string; body: unknown }[] = []
  const f: FetchLike = async (url, init) => {
    calls.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined })
    return json(answer(url))
  }
  api.fetchFn = f
  api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
  return calls
}

afterEach(() => {
  api.fetchFn = realFetch
  api.tokens = realTokens
})

describe('review endpoints', () => {
  it('asks for the queue with the filter, leaving out what is any', async () => {
    const calls = record(() => ({ items: [], total: 0, page: 2, page_size: 50 }))
    await fetchQueue({ form: 'teacher-training', period: '', status: 'submitted', town: '7' }, 2, 50)
    expect(calls[0].url).toBe('/api/v1/submissions?form=teacher-training&status=submitted&town=7&page=2&page_size=50')
  })

  it('sends each decision with the version read and the comments', async () => {
    const calls = record()
    await bulkApprove([3, 4])
    await approveSubmission(5, 2)
    await returnSubmission('5', 3, 'fix it', { a: 'too low' })
    await reopenSubmission(5, 4, 'wrong figure')
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/v1/submissions/bulk-approve', { ids: [3, 4] }],
      ['POST', '/api/v1/submissions/5/approve', { version: 2 }],
      ['POST', '/api/v1/submissions/5/return', { version: 3, comment: 'fix it', field_comments: { a: 'too low' } }],
      ['POST', '/api/v1/submissions/5/reopen', { version: 4, comment: 'wrong figure', field_comments: {} }],
    ])
  })

  it('reads a submission, then its pinned form version and its history', async () => {
    const calls = record((url) => (url.endsWith('/submissions/9') ? { id: 9, form: 'a b', form_version: 3 } : url.includes('/history') ? { items: [{ id: 1 }] } : { code: 'a b' }))
    const r = await fetchReview(9)
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/submissions/9', '/api/v1/forms/a%20b?version=3', '/api/v1/submissions/9/history'])
    expect(r.history).toEqual([{ id: 1 }])
    expect(r.form).toEqual({ code: 'a b' })
  })
})

describe('session endpoints', () => {
  it('logs in and out without a bearer token and changes the password with one', async () => {
    const heads: (string | undefined)[] = []
    api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
    api.fetchFn = async (_url, init) => {
      heads.push((init?.headers as Record<string, string>).Authorization)
      return json({})
    }
    await login('u', 'p')
    await logout('r')
    await changePassword('old', 'new')
    expect(heads).toEqual([undefined, undefined, 'Bearer a'])
  })
})
