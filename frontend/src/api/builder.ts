// Endpoint functions of the form builder (sysadmin): a form's schema, a dry run of a candidate
// version, publishing it (the ordinary form import) and the YAML export.
import { api } from './client'
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
