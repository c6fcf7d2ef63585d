// The work briefing (工作简报): GET /reports/briefing.docx, a Word document built by the server from
// live figures in the caller's scope. It is a download, so it is read as a blob with the caller's
// token (as a thumbnail is), and a refusal is a problem like any other answer.
import { api, ApiError, NetworkError } from './client'

export interface BriefingQuery {
  period: string
  /** The document's language: zh (default) or en. */
  lang: 'zh' | 'en'
  /** approved (official figures, the default) or all (provisional). */
  basis?: string
  /** An org id in the caller's scope (a town); default the caller's whole scope. */
  scope?: number
}

/** The path and query of the briefing download. */
export function briefingPath(q: BriefingQuery): string {
  const s = new URLSearchParams({ period: q.period, lang: q.lang })
  if (q.basis) s.set('basis', q.basis)
  if (q.scope) s.set('scope', String(q.scope))
  return `/reports/briefing.docx?${s.toString()}`
}

/** The file name a Content-Disposition header gives (RFC 5987 filename* first), else fallback. */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      /* a malformed name: try the plain one */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(header)
  return plain ? plain[1] : fallback
}

/** Downloads the briefing: the document and its file name. */
export async function fetchBriefing(q: BriefingQuery): Promise<{ blob: Blob; filename: string }> {
  const url = api.base + briefingPath(q)
  await api.ensureAccess()
  const get = async () => {
    try {
      return await api.fetchFn(url, { headers: { Authorization: 'Bearer ' + (api.tokens.access() ?? ''), Accept: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/problem+json' } })
    } catch (e) {
      throw new NetworkError(e)
    }
  }
  let res = await get()
  if (res.status === 401 && api.tokens.refresh() && (await api.refresh())) res = await get()
  if (!res.ok) {
    let code = 'error'
    let detail: string | undefined
    try {
      const p = (await res.json()) as { code?: string; detail?: string }
      code = p.code || code
      detail = p.detail
    } catch {
      /* not a problem body */
    }
    throw new ApiError(res.status, code, { detail })
  }
  return { blob: await res.blob(), filename: dispositionName(res.headers.get('Content-Disposition'), `briefing-${q.period}.docx`) }
}
