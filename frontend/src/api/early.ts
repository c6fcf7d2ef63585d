// Answers asked for as a navigation sets out, while the screen's own chunk is still downloading,
// and taken (once) by the screen when it mounts: one round trip fewer before a slow phone shows
// the screen's figures (router.ts asks; Fill.vue, the board's and the campaigns' stores take).
import { api } from './client'

/** How long an early answer may wait for its screen: older ones are asked for again. */
const KEEP_MS = 10_000

interface Early {
  at: number
  /** The session that asked: an answer is never handed to whoever signs in after a logout. */
  session: string | null
  got: Promise<unknown>
}

const asked = new Map<string, Early>()

/** Starts ask() under key unless the same session asked for it in the last KEEP_MS. */
export function askEarly<T>(key: string, ask: () => Promise<T>): void {
  const session = api.tokens.refresh()
  const e = asked.get(key)
  if (e && Date.now() - e.at < KEEP_MS && e.session === session) return
  const got = ask()
  got.catch(() => {}) // the screen asks again itself (takeEarlyOr) and says what went wrong
  asked.set(key, { at: Date.now(), session, got })
}

/** What askEarly fetched under key in the last KEEP_MS in this same session, taken once; else null. */
export function takeEarly<T>(key: string): Promise<T> | null {
  const e = asked.get(key)
  asked.delete(key)
  if (!e || Date.now() - e.at >= KEEP_MS || e.session !== api.tokens.refresh()) return null
  return e.got as Promise<T>
}

/**
 * What askEarly fetched under key, taken once as takeEarly does; when there is none, or it failed
 * (a dropped connection as the app started), ask() now, as the screen would have without it.
 */
export function takeEarlyOr<T>(key: string, ask: () => Promise<T>): Promise<T> {
  const got = takeEarly<T>(key)
  return got ? got.catch(() => ask()) : ask()
}

/** Forgets every early answer (a logout). */
export function forgetEarly() {
  asked.clear()
}
