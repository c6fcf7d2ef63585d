// A campaign's review levels as the admin reads them: "审核：学区 → 区教委", bottom-up whatever order
// they were ticked in, "一级审核" for none. One function for the campaign list, the new-campaign
// preview and the levels editor.
import { useI18n } from 'vue-i18n'
import { REVIEW_LEVELS, type ReviewLevel } from '../../api/vocab'
import { levelNameKey } from '../../format/review'

export function useChainText() {
  const { t } = useI18n()
  return (levels: readonly ReviewLevel[]) => {
    if (!levels.length) return t('admin.reviewOne')
    return t('admin.reviewChain', { chain: REVIEW_LEVELS.filter((l) => levels.includes(l)).map((l) => t(levelNameKey(l))).join(t('admin.chainSep')) })
  }
}
