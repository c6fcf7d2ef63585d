// Endpoint functions for a clerk's submissions: open, read, submit, upgrade, history, the pinned
// form version, attachments and their thumbnails.
import { api, ApiError, NetworkError } from './client'
import { askEarly, takeEarly } from './early'
import type { Attachment, Form, Revision, Submission, UpgradeResult } from './types'

/** Opens (or finds) the caller's submission of a form for a period. */
export function openSubmission(form: string, period: string) {
  return api.post<Submission>('/submissions', { form, period })
}

export function fetchSubmission(id: number | string) {
  return api.get<Submission>(`/submissions/${id}`)
}

/**
 * A form version: the one a submission is pinned to (the one it is filled and validated against),
 * or the newest when version is not given (or 0).
 */
export function fetchFormVersion(code: string, version?: number) {
  return api.get<Form>(`/forms/${encodeURIComponent(code)}`, version ? { version } : undefined)
}

const FORMS_KEY = 'tb.fillForms'
/** Submissions' forms noted, the newest last; the oldest are let go beyond this. */
const FORMS_KEPT = 300

/** The submissions' forms noted on this device: id → [form code, pinned version, or 0 when not known]. */
function notedForms(): Record<string, [string, number]> {
  try {
    const v = JSON.parse(localStorage.getItem(FORMS_KEY) ?? '{}')
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {}
  } catch {
    return {}
  }
}

/**
 * Notes which form (and, when known, which version) each submission is filled on: the task list
 * knows the form, the form's screen the version. Opening /fill/{id} then asks for the form alongside
 * the submission instead of after it (prefetchFill), one round trip fewer on a slow network. A form
 * code is no one's data; a wrong or stale note only costs the request it saved.
 */
export function noteFillForms(items: { id: number; form: string; version?: number }[]) {
  const noted = notedForms()
  let changed = false
  for (const { id, form, version } of items) {
    const was = noted[id]
    const v = version ?? (was?.[0] === form ? was[1] : 0)
    if (was && was[0] === form && was[1] === v) continue
    delete noted[id]
    noted[id] = [form, v]
    changed = true
  }
  if (!changed) return
  const ids = Object.keys(noted)
  for (const id of ids.slice(0, Math.max(0, ids.length - FORMS_KEPT))) delete noted[id]
  try {
    localStorage.setItem(FORMS_KEY, JSON.stringify(noted))
  } catch {
    /* private mode or full: the form is asked for after the submission, as without a note */
  }
}

/** Forgets the noted forms: a logout leaves no trace of what this device filled in. */
export function forgetFillForms() {
  try {
    localStorage.removeItem(FORMS_KEY)
  } catch {
    /* nothing was kept */
  }
}

/**
 * A submission and the form version it is pinned to, asked for as the router sets out for
 * /fill/{id} (router.ts), while the form's screen is still downloading: the screen takes them
 * (takePrefetchedFill, once) instead of asking only after it has mounted, two round trips later on
 * a slow network.
 */
export function prefetchFill(id: number) {
  if (!Number.isInteger(id) || id <= 0) return
  askEarly(fillKey(id), () => {
    // The noted form is asked for alongside the submission; it is used only if it is the version the
    // submission turns out to be pinned to (else that version is asked for, as without a note).
    const note = notedForms()[id]
    const guess = note ? fetchFormVersion(note[0], note[1]).catch(() => null) : null
    const session = api.tokens.refresh()
    return fetchSubmission(id).then(async (sub) => {
      const g = guess && (await guess)
      const form = g && g.code === sub.form && g.version === sub.form_version ? g : await fetchFormVersion(sub.form, sub.form_version)
      // Noted only while the same session lasts: an answer arriving after a logout leaves no trace.
      if (api.tokens.refresh() === session) noteFillForms([{ id, form: sub.form, version: sub.form_version }])
      return { sub, form }
    })
  })
}

/** What prefetchFill asked for id in the last few seconds in this same session, taken once; null when nothing was. */
export function takePrefetchedFill(id: number): Promise<{ sub: Submission; form: Form }> | null {
  return takeEarly(fillKey(id))
}

const fillKey = (id: number) => `fill:${id}`

export function submitSubmission(id: number, version: number) {
  return api.post<Submission>(`/submissions/${id}/submit`, { version })
}

/** Moves a submission onto the newest version of its form. */
export function upgradeSubmission(id: number, version: number) {
  return api.post<UpgradeResult>(`/submissions/${id}/upgrade`, { version })
}

export function fetchHistory(id: number | string) {
  return api.get<{ items: Revision[] }>(`/submissions/${id}/history`)
}

/** Uploads a file for an attachment field of an editable submission. */
export function uploadAttachment(id: number, field: string, file: Blob, name: string) {
  const fd = new FormData()
  fd.append('file', file, name)
  fd.append('field', field)
  return api.request<Attachment>('POST', `/submissions/${id}/attachments`, { raw: fd })
}

/** The thumbnail (JPEG, 256 px) of a photo attached to a submission, read with the caller's token. */
export async function fetchThumbnail(id: number, attachmentId: string): Promise<Blob> {
  const url = `${api.base}/submissions/${id}/attachments/${encodeURIComponent(attachmentId)}/thumbnail`
  // A stale or missing access token is refreshed first, as every request of the client does (no 401 to earn).
  await api.ensureAccess()
  const get = async () => {
    try {
      return await api.fetchFn(url, { headers: { Authorization: 'Bearer ' + (api.tokens.access() ?? '') } })
    } catch (e) {
      throw new NetworkError(e)
    }
  }
  let res = await get()
  if (res.status === 401 && api.tokens.refresh() && (await api.refresh())) res = await get()
  if (!res.ok) throw new ApiError(res.status, res.status === 404 ? 'not_found' : 'error')
  return res.blob()
}
