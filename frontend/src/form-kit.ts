// The Vant parts only the form and the review screens use (checkboxes, radios, dialogs), kept off
// the clerk's first load (login and the task list, docs/performance.md): main.ts installs them
// before the router enters any other screen.
import type { App } from 'vue'
import { nameDialogs } from './a11y'
import { Checkbox, CheckboxGroup, Dialog, Radio, RadioGroup, showConfirmDialog } from 'vant'
import 'vant/es/checkbox/style/index'
import 'vant/es/checkbox-group/style/index'
import 'vant/es/radio/style/index'
import 'vant/es/radio-group/style/index'
import 'vant/es/dialog/style/index'

export function install(app: App) {
  for (const c of [Checkbox, CheckboxGroup, Radio, RadioGroup, Dialog]) app.use(c)
}

// Every dialog comes after this module (the screens with dialogs wait for the kit; the logout
// question imports confirm from here), so the observer that names them starts on its first import
// and not at startup, where it would take a record of every node the first screen adds.
nameDialogs()

/** A yes/no question from a screen that does not load the dialog itself (the logout button). */
export async function confirm(title: string, message: string, ok: string, cancel: string): Promise<boolean> {
  try {
    // The title names the dialog for screen readers (an unnamed role=dialog fails axe).
    await showConfirmDialog({ title, message, confirmButtonText: ok, cancelButtonText: cancel })
    return true
  } catch {
    return false
  }
}
