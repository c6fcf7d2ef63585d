import { createApp } from 'vue'
import { createPinia } from 'pinia'
import {
  Button, Cell, CellGroup, Field, Form, NavBar, Tag, Tabbar, TabbarItem, Popup, Picker, Checkbox, CheckboxGroup,
  Radio, RadioGroup, Switch, Uploader, Loading, Empty, Dialog, NoticeBar, Icon, DatePicker, ActionSheet, Space, Divider,
} from 'vant'
import 'vant/lib/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n, setLang } from './i18n'

const app = createApp(App)
for (const c of [Button, Cell, CellGroup, Field, Form, NavBar, Tag, Tabbar, TabbarItem, Popup, Picker, Checkbox,
  CheckboxGroup, Radio, RadioGroup, Switch, Uploader, Loading, Empty, Dialog, NoticeBar, Icon, DatePicker, ActionSheet, Space, Divider]) {
  app.use(c)
}
app.use(createPinia()).use(i18n).use(router)
setLang(i18n.global.locale.value as 'zh-CN' | 'en')
app.mount('#app')
