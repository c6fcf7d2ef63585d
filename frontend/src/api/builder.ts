// Endpoint functions of the form builder (sysadmin): a form's schema, a dry run of a candidate
// version, publishing it (the ordinary form import) and the YAML export.
import { api, ApiError, NetworkError } from './client'
import type { components } from './schema'
import type { Form, FormSummary } from './types'

/** What publishing a candidate would do (POST /forms/{code}/dry-run). */
export type DryRun = components['schemas']['FormDryRun']
/** A published version's summary and its rule warnings (POST /forms). */
export type Published = components['schemas']['FormImported']

/** The newest version of a form, with defaults filled in. */
export function fetchFormSchema(code: string) {
  return api.get<Form>(`/forms/${encodeURIComponent(code)}`)
}

/** The forms' current versions. */
export function fetchFormSummaries() {
  return api.get<{ items: FormSummary[]; total: number }>('/forms')
}

/** Validates a candidate version without storing it: its diff and the indicators it affects; 422 when it would break one. */
export function dryRunForm(form: Form) {
  return api.post<DryRun>(`/forms/${encodeURIComponent(form.code)}/dry-run`, form)
}

/** Publishes the candidate as the form's next version. */
export function publishForm(form: Form) {
  return api.post<Published>('/forms', form)
}

/** The current version as YAML (what POST /forms reads back unchanged). */
export function exportFormYAML(code: string) {
  return api.get<string>(`/forms/${encodeURIComponent(code)}/export.yaml`)
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The current version as an XLSForm-like workbook (survey, choices, checks, settings), read as a blob. */
export async function exportFormXLSX(code: string): Promise<Blob> {
  const url = `${api.base}/forms/${encodeURIComponent(code)}/export.xlsx`
  await api.ensureAccess()
  const get = async () => {
    try {
      return await api.fetchFn(url, { headers: { Authorization: 'Bearer ' + (api.tokens.access() ?? ''), Accept: `${XLSX}, application/problem+json` } })
    } catch (e) {
      throw new NetworkError(e)
    }
  }
  let res = await get()
  if (res.status === 401 && api.tokens.refresh() && (await api.refresh())) res = await get()
  if (!res.ok) {
    let code = 'error'
    try {
      code = ((await res.json()) as { code?: string }).code || code
    } catch {
      /* not a problem body */
    }
    throw new ApiError(res.status, code)
  }
  return res.blob()
}

/** Reads a workbook in those columns into a validated schema (nothing is stored). */
export function readFormXLSX(file: Blob) {
  return api.request<Form>('POST', '/forms/read-xlsx', { raw: file, contentType: XLSX })
}
