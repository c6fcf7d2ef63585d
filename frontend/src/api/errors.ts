// Turns API errors into sentences in the user's language. Never shows a raw code.
import { ApiError, NetworkError } from './client'

type T = (key: string, named?: Record<string, unknown>) => string
type Te = (key: string) => boolean

/** The sentence for an error as a whole. */
export function errorSentence(err: unknown, t: T, te: Te): string {
  if (err instanceof NetworkError) return t('errors.network')
  if (err instanceof ApiError) {
    if (err.code === 'account_locked' || err.code === 'too_many_attempts' || err.code === 'too_many_requests') {
      const minutes = Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60))
      return t('errors.codes.' + (te('errors.codes.' + err.code) ? err.code : 'too_many_requests'), { minutes })
    }
    if (err.code === 'breaks_indicators') {
      // Each field error names the indicators reading that field (dotted codes in the message).
      const fields = err.fields.map((f) => {
        const codes = (f.message ?? '').match(/[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+/g) ?? []
        return codes.length ? `${f.field} (${codes.join(', ')})` : f.field
      })
      return t('errors.codes.breaks_indicators', { fields: fields.join('; ') })
    }
    if ((err.code === 'validation' || err.code === 'submission_invalid' || err.code === 'invalid_schema') && err.fields.length) {
      const first = err.fields[0]
      const f = fieldSentence(first.code, t, te, first.message)
      return err.fields.length > 1 ? t('errors.fieldsSummary', { first: f, n: err.fields.length }) : f
    }
    if (te('errors.codes.' + err.code)) return t('errors.codes.' + err.code)
    if (err.fields.length) return fieldSentence(err.fields[0].code, t, te, err.fields[0].message)
    return t('errors.status', { status: err.status })
  }
  return t('errors.unknown')
}

/** The sentence for one field's error code. Server messages are Chinese, so they are shown only in zh. */
export function fieldSentence(code: string, t: T, te: Te, serverMessage?: string, locale?: string): string {
  if (te('errors.fields.' + code)) return t('errors.fields.' + code)
  if (serverMessage && (!locale || locale.startsWith('zh')) && /[\u4e00-\u9fff]/.test(serverMessage)) return serverMessage
  return t('errors.fields.invalid')
}
