// Names Vant's dialogs. Vant sets aria-labelledby to the dialog's title or message text rather than
// to an element id, so a confirm dialog (showConfirmDialog, van-dialog) has no accessible name. This
// observer points aria-labelledby at the dialog's own header (or, without a title, its message).
let seq = 0

/** Gives dialog a name from its header or message; returns whether it has one. */
export function nameDialog(dialog: Element): boolean {
  const label = dialog.querySelector('.van-dialog__header') ?? dialog.querySelector('.van-dialog__message')
  if (!label || !label.textContent?.trim()) return false
  if (!label.id) label.id = 'tb-dialog-label-' + ++seq
  if (dialog.getAttribute('aria-labelledby') !== label.id) dialog.setAttribute('aria-labelledby', label.id)
  return true
}

/** Watches root for Vant dialogs and names each one as it appears or changes. */
export function nameDialogs(root: Node = document.body): MutationObserver {
  const scan = () => root instanceof Element || root instanceof Document ? root.querySelectorAll('.van-dialog[role="dialog"]').forEach(nameDialog) : undefined
  const obs = new MutationObserver(scan)
  obs.observe(root, { childList: true, subtree: true, characterData: true })
  scan()
  return obs
}
