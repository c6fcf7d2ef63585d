// The label of an org type in the user's language (the code itself when there is none).
import { useI18n } from 'vue-i18n'

export function useOrgTypeName() {
  const { t, te } = useI18n()
  return (ty: string) => (te('admin.orgTypeNames.' + ty) ? t('admin.orgTypeNames.' + ty) : ty)
}
