// The sentence for an admin request's error: the admin screens' own field codes (an org type a form
// does not apply to, a malformed phone number, …) first, else the app's general sentence.
import { computed, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../api/client'

/** The label of one problem code, or '' when the admin screens have none for it. */
export function useCodeLabel() {
  const { t, te } = useI18n()
  return (code: string) => (te('admin.codes.' + code) ? t('admin.codes.' + code) : '')
}

export function useAdminError(state: { error: Ref<unknown>; errorText: Ref<string> }) {
  const { t } = useI18n()
  const label = useCodeLabel()
  return computed(() => {
    const e = state.error.value
    if (e instanceof ApiError && e.fields.length) {
      const first = label(e.fields[0].code)
      if (first) return e.fields.length > 1 ? t('errors.fieldsSummary', { first, n: e.fields.length }) : first
    }
    return state.errorText.value
  })
}
