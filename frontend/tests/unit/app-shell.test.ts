import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import App from '../../src/App.vue'

// A screen whose chunk never arrives: the app's first drawing, before the first navigation ends.
const pending = () => new Promise<never>(() => {})

function appAt(path: string) {
  window.history.replaceState(null, '', path)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: pending },
      { path: '/fill/:id', name: 'fill', component: pending },
    ],
  })
  void router.push(path)
  return mount(App, { global: { plugins: [createPinia(), i18n, router, Vant] } })
}

afterEach(() => {
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
})

describe('the app shell before the first screen has come', () => {
  it('on the login page draws the floating language button, never a top bar to take down again', () => {
    const w = appAt('/login')
    expect(w.find('header.floating').exists()).toBe(true)
    expect(w.find('.van-nav-bar').exists()).toBe(false)
    w.unmount()
  })

  it('on a form draws the top bar with its title and the way back at once', () => {
    const w = appAt('/fill/12')
    expect(w.find('.van-nav-bar').exists()).toBe(true)
    expect(w.find('[data-testid="back"]').exists()).toBe(true)
    expect(w.find('.van-nav-bar__title').text()).toBe(String(i18n.global.t('fill.title')))
    w.unmount()
  })
})
