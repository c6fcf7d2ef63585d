import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Each from its own module, not from 'vant' (whose index imports every component): the startup
// chunk (vite.config.ts) takes what the entry's modules import, and through the index that was
// the whole kit, the uploader and the image preview of the form's screen included.
import { Button } from 'vant/es/button'
import { Cell } from 'vant/es/cell'
import { CellGroup } from 'vant/es/cell-group'
import { ConfigProvider } from 'vant/es/config-provider'
import { Field } from 'vant/es/field'
import { Form } from 'vant/es/form'
import { Tag } from 'vant/es/tag'
import { Popup } from 'vant/es/popup'
import { Loading } from 'vant/es/loading'
import { Empty } from 'vant/es/empty'
import { NoticeBar } from 'vant/es/notice-bar'
import { Icon } from 'vant/es/icon'
// Only the styles of the components registered here (and of the toast), not the whole kit's CSS,
// which was a quarter of the first load (docs/performance.md). The form's checkboxes, radios and
// dialogs come with ./form-kit, before the router enters a screen other than login and tasks.
import 'vant/es/style/base.css'
import 'vant/es/button/style/index'
import 'vant/es/cell/style/index'
import 'vant/es/cell-group/style/index'
import 'vant/es/field/style/index'
import 'vant/es/form/style/index'
import 'vant/es/nav-bar/style/index'
import 'vant/es/tag/style/index'
import 'vant/es/tabbar/style/index'
import 'vant/es/tabbar-item/style/index'
import 'vant/es/popup/style/index'
import 'vant/es/loading/style/index'
import 'vant/es/empty/style/index'
import 'vant/es/notice-bar/style/index'
import 'vant/es/icon/style/index'
import 'vant/es/toast/style/index'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n, initial, setLang } from './i18n'

const app = createApp(App)
// The top bar and the tab bar are the app's own (components/TopBar.vue, TabBar.vue) in Vant's classes.
for (const c of [Button, Cell, CellGroup, ConfigProvider, Field, Form, Tag, Popup, Loading, Empty, NoticeBar, Icon]) {
  app.use(c)
}
let formKit: Promise<void> | null = null
// The leader's board (the leader's home) uses none of the kit's parts either: its screen and its
// figures are not held up by the kit's download; the indicator's detail and every other screen load it.
const withoutKit = (name: unknown) => name === 'login' || name === 'tasks' || name === 'password' || name === 'leader'
// The kit is asked for as navigation starts and waited for only once the screen's own chunk has
// come (beforeResolve runs after lazy route components resolve), so the two downloads overlap
// instead of one round trip following the other before the dashboard can ask for its figures.
router.beforeEach((to) => {
  if (!withoutKit(to.name)) formKit ??= import('./form-kit').then((m) => m.install(app))
})
router.beforeResolve((to) => (withoutKit(to.name) || !formKit ? true : formKit.then(() => true)))
app.use(createPinia()).use(i18n).use(router)
// English, when it was chosen on this device, arrives before the first paint; Chinese is at hand.
// The shell is drawn in a task of its own, after the one that evaluated the app's chunk: two
// shorter tasks instead of one long one, so a tap in between is not kept waiting for both
// (Lighthouse's TBT counts what a task takes beyond 50 ms, four times over on its slow phone).
setLang(initial())
  .catch(() => setLang('zh-CN'))
  .finally(() => setTimeout(() => app.mount('#app'), 0))

// Installable and usable offline (sw/sw.js): registered after the first load, so it never slows it.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      /* not supported or refused (private mode): the app works online as before */
    })
  })
}
