// Light or dark. The app follows the system's prefers-color-scheme until the user picks a theme with
// the header's toggle; the pick is kept in localStorage. App.vue hands isDark to Vant's ConfigProvider
// (theme="dark" puts .van-theme-dark on <html>, where styles.css sets the dark --tb-* colours), and
// charts read isDark (or the --tb-chart-* variables) to pick readable colours.
import { computed, ref, type ComputedRef, type Ref } from 'vue'

/** system: follow prefers-color-scheme; light or dark: the user's pick. */
export type ThemePref = 'system' | 'light' | 'dark'

/** Where the user's pick is kept. */
export const THEME_KEY = 'tb.theme'

export interface Theme {
  pref: Ref<ThemePref>
  /** Whether the dark theme is in use. */
  isDark: ComputedRef<boolean>
  /** Keeps a pick (system forgets it). */
  set: (p: ThemePref) => void
  /** Switches to the other theme and keeps that pick. */
  toggle: () => void
}

/** What a theme needs from the browser: storage and the system's preference (both may be missing). */
export interface ThemeEnv {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  media?: Pick<MediaQueryList, 'matches' | 'addEventListener'> | null
}

/** A theme over env; useTheme() is the app's one, over the window. */
export function createTheme(env: ThemeEnv): Theme {
  const read = (): ThemePref => {
    try {
      const v = env.storage?.getItem(THEME_KEY)
      return v === 'light' || v === 'dark' ? v : 'system'
    } catch {
      return 'system'
    }
  }
  const pref = ref<ThemePref>(read())
  const systemDark = ref(!!env.media?.matches)
  env.media?.addEventListener('change', (e) => {
    systemDark.value = (e as MediaQueryListEvent).matches
  })
  const isDark = computed(() => pref.value === 'dark' || (pref.value === 'system' && systemDark.value))
  function set(p: ThemePref) {
    pref.value = p
    try {
      if (p === 'system') env.storage?.removeItem(THEME_KEY)
      else env.storage?.setItem(THEME_KEY, p)
    } catch {
      /* storage refused (private mode): the pick lasts for this page */
    }
  }
  return { pref, isDark, set, toggle: () => set(isDark.value ? 'light' : 'dark') }
}

let theme: Theme | null = null

/** The app's theme (one per page, shared by every caller). */
export function useTheme(): Theme {
  if (!theme) {
    const media = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null
    theme = createTheme({ storage: typeof localStorage !== 'undefined' ? localStorage : null, media })
  }
  return theme
}
