import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, type Tokens } from '../api/client'
import * as authApi from '../api/auth'
import type { User } from '../api/types'
import { Role } from '../api/vocab'
import { clearDrafts } from './autosave'
import { forgetFillForms } from '../api/submissions'
import { forgetEarly } from '../api/early'

const USER_KEY = 'tb.user'

export type Home = 'tasks' | 'review' | 'leader' | 'admin'

/** The home page for a user: the most capable role they hold decides. */
export function homeFor(u: User | null): Home {
  const roles = new Set((u?.roles ?? []).map((r) => r.role))
  if (roles.has(Role.Sysadmin)) return 'admin'
  if (roles.has(Role.Leader)) return 'leader'
  if (roles.has(Role.Reviewer)) return 'review'
  return 'tasks'
}

export const useAuth = defineStore('auth', () => {
  const user = ref<User | null>(readUser())
  const roles = computed(() => new Set<string>((user.value?.roles ?? []).map((r) => r.role)))
  const loggedIn = computed(() => !!user.value && !!api.tokens.refresh())
  const mustChange = computed(() => !!user.value?.must_change_password)
  const home = computed(() => homeFor(user.value))

  function setUser(u: User | null) {
    user.value = u
    if (u) localStorage.setItem(USER_KEY, JSON.stringify(u))
    else localStorage.removeItem(USER_KEY)
  }
  api.onTokens = (t: Tokens) => setUser(t.user as User)
  api.onSessionLost = () => {
    api.tokens.set(null)
    setUser(null)
  }

  async function login(username: string, password: string) {
    const t = await authApi.login(username, password)
    api.setTokens(t)
    return user.value!
  }
  async function changePassword(current_password: string, new_password: string) {
    const t = await authApi.changePassword(current_password, new_password)
    api.setTokens(t)
  }
  async function refreshMe() {
    try {
      setUser(await authApi.fetchMe())
    } catch {
      /* kept from storage */
    }
  }
  async function logout() {
    const rt = api.tokens.refresh()
    if (rt) {
      try {
        await authApi.logout(rt)
      } catch {
        /* offline: forget locally anyway */
      }
    }
    api.tokens.set(null)
    setUser(null)
    clearDrafts()
    forgetFillForms()
    forgetEarly()
    // What the service worker kept of the API for offline use goes with the session.
    if (typeof caches !== 'undefined') await caches.delete('tb-api').catch(() => false)
  }
  const has = (...rs: string[]) => rs.some((r) => roles.value.has(r))
  return { user, roles, loggedIn, mustChange, home, login, logout, changePassword, refreshMe, has, setUser }
})

function readUser(): User | null {
  try {
    const s = localStorage.getItem(USER_KEY)
    return s ? (JSON.parse(s) as User) : null
  } catch {
    return null
  }
}
