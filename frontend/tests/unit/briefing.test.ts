// The briefing download (src/api/briefing.ts): the path and query openapi.yaml names, the file name
// from Content-Disposition, and a refusal read as a problem.
import { afterEach, describe, expect, it } from 'vitest'
import { api, ApiError, type FetchLike } from '../../src/api/client'
import { briefingPath, dispositionName, fetchBriefing } from '../../src/api/briefing'

const realFetch = api.fetchFn
const realTokens = api.tokens
afterEach(() => {
  api.fetchFn = realFetch
  api.tokens = realTokens
})

function answer(res: () => Response) {
  const urls: string[] = []
  const auth: string[] = []
  const f: FetchLike = async (url, init) => {
    urls.push(url)
    auth.push(String((init?.headers as Record<string, string>)?.Authorization))
    return res()
  }
  api.fetchFn = f
  api.tokens = { access: () => 'a', refresh: () => 'r', set: () => undefined }
  return { urls, auth }
}

describe('briefing endpoint', () => {
  it('asks for the period, language, basis and scope given, leaving out what is not', () => {
    expect(briefingPath({ period: '2025', lang: 'zh' })).toBe('/reports/briefing.docx?period=2025&lang=zh')
    expect(briefingPath({ period: '2025', lang: 'en', basis: 'all', scope: 7 })).toBe('/reports/briefing.docx?period=2025&lang=en&basis=all&scope=7')
  })

  it('reads the UTF-8 file name first, then the plain one, else the fallback', () => {
    expect(dispositionName(`attachment; filename="briefing-2025.docx"; filename*=UTF-8''%E5%B7%A5%E4%BD%9C%E7%AE%80%E6%8A%A5-2025.docx`, 'x')).toBe('工作简报-2025.docx')
    expect(dispositionName('attachment; filename="briefing-2025.docx"', 'x')).toBe('briefing-2025.docx')
    expect(dispositionName(null, 'x')).toBe('x')
  })

  it('downloads the document with the bearer token', async () => {
    const { urls, auth } = answer(() => new Response(new Blob(['PK']), { status: 200, headers: { 'Content-Disposition': 'attachment; filename="briefing-2025.docx"' } }))
    const got = await fetchBriefing({ period: '2025', lang: 'zh' })
    expect(urls[0]).toBe('/api/v1/reports/briefing.docx?period=2025&lang=zh')
    expect(auth[0]).toBe('Bearer a')
    expect(got.filename).toBe('briefing-2025.docx')
    expect(await got.blob.text()).toBe('PK')
  })

  it('throws the problem of a refusal', async () => {
    answer(() => new Response(JSON.stringify({ status: 403, code: 'forbidden', detail: 'no' }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } }))
    const err = await fetchBriefing({ period: '2025', lang: 'zh' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(403)
    expect((err as ApiError).code).toBe('forbidden')
  })
})
