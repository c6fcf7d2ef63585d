import { nextTick } from 'vue'
import { showToast as vantToast } from 'vant/es/toast'

/** Vant's toast is a role=dialog without a name; make it a polite status message instead. */
export function toast(message: string) {
  const t = vantToast({ message, wordBreak: 'break-word' })
  void nextTick(() => {
    document.querySelectorAll('.van-toast[role="dialog"]').forEach((el) => {
      el.setAttribute('role', 'status')
      el.setAttribute('aria-live', 'polite')
    })
  })
  return t
}
