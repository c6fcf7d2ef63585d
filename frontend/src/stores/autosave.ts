// Autosave: every change is written to this device first (localStorage, keyed by submission id),
// then sent to the server with the version it was based on, debounced. When someone else saved in
// between, the server merges field by field: what only they changed arrives (onSaved's `arrived`),
// and only fields both changed differently come back as an edit conflict, chosen per field. A
// version the server cannot merge from is the whole-form chooser (keepMine / useTheirs). A network
// failure leaves the draft on the device until the next try.
// Input the server cannot take (unreadable, out of range) is held: it stays on the device, the
// draft stays dirty, and the state is 'held', never 'synced', until it is corrected or cleared.
import { ref, shallowRef } from 'vue'
import { ApiError, NetworkError, type Client } from '../api/client'
import type { Submission } from '../api/types'

/** One field both this device and someone else changed since the version the device had. */
export interface FieldConflict {
  field: string
  base: unknown
  mine: unknown
  theirs: unknown
}

/** An edit_conflict: the submission now, the fields to choose, and the merge of everything else. */
export interface EditConflict {
  current: Submission
  conflicts: FieldConflict[]
  merged: Record<string, unknown>
}

/** A saved submission; after a merge, the fields kept from someone else's save. */
export type Saved = Submission & { arrived?: string[] }

export type SaveState = 'idle' | 'local' | 'saving' | 'synced' | 'held' | 'offline' | 'error' | 'conflict'

export interface LocalDraft {
  id: number
  /** The server version these values were based on. */
  base: number
  values: Record<string, unknown>
  /** True while the values have not reached the server. */
  dirty: boolean
  at: number
}

const PREFIX = 'tb.draft.'

export interface DraftStorage {
  get(id: number): LocalDraft | null
  put(d: LocalDraft): void
  remove(id: number): void
}

export const localDrafts: DraftStorage = {
  get(id) {
    try {
      const s = localStorage.getItem(PREFIX + id)
      return s ? (JSON.parse(s) as LocalDraft) : null
    } catch {
      return null
    }
  },
  put(d) {
    try {
      localStorage.setItem(PREFIX + d.id, JSON.stringify(d))
    } catch {
      /* storage full: the server copy still goes */
    }
  },
  remove(id) {
    try {
      localStorage.removeItem(PREFIX + id)
    } catch {
      /* ignore */
    }
  },
}

/** Drafts on this device that have not reached the server (a logout would lose them). */
export function unsyncedDrafts(): number {
  let n = 0
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)
      if (!k?.startsWith(PREFIX)) continue
      const d = JSON.parse(localStorage.getItem(k) ?? 'null') as LocalDraft | null
      if (d?.dirty) n++
    }
  } catch {
    /* unreadable storage holds nothing we can count */
  }
  return n
}

/** Forgets every draft on this device: a logout leaves nothing of the school's answers behind. */
export function clearDrafts() {
  try {
    const keys: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)
      if (k?.startsWith(PREFIX)) keys.push(k)
    }
    for (const k of keys) localStorage.removeItem(k)
  } catch {
    /* ignore */
  }
}

export interface AutosaveOptions {
  client: Client
  id: number
  version: number
  /** Makes the values the server accepts (valid values only) from the raw input. */
  toServer: (values: Record<string, unknown>) => Record<string, unknown>
  /** The paths of entered values that toServer leaves out (unreadable, out of range): held on the device. */
  held?: (values: Record<string, unknown>) => string[]
  onSaved?: (s: Saved) => void
  /** True when the local values already equal the server's (a save whose answer was lost): no conflict then. */
  same?: (local: Record<string, unknown>, server: Submission) => boolean
  storage?: DraftStorage
  debounceMs?: number
  retryMs?: number
}

export function useAutosave(o: AutosaveOptions) {
  const storage = o.storage ?? localDrafts
  const state = ref<SaveState>('idle')
  const error = shallowRef<unknown>(null)
  const conflict = shallowRef<Submission | null>(null)
  /** Set with state 'conflict' when the server merged all but some fields: choose per field. */
  const editConflict = shallowRef<EditConflict | null>(null)
  /** Entered values the server did not get with the last save. */
  const held = shallowRef<string[]>([])
  let version = o.version
  let values: Record<string, unknown> = {}
  let timer: ReturnType<typeof setTimeout> | null = null
  let retry: ReturnType<typeof setTimeout> | null = null
  let inflight: Promise<void> | null = null
  let pending = false
  let seq = 0

  function writeLocal(dirty: boolean) {
    storage.put({ id: o.id, base: version, values, dirty, at: Date.now() })
  }

  /** Records a change: on the device now, on the server after the debounce. */
  function change(v: Record<string, unknown>) {
    values = JSON.parse(JSON.stringify(v))
    seq++
    writeLocal(true)
    if (state.value !== 'conflict') state.value = 'local'
    schedule(o.debounceMs ?? 800)
  }

  function schedule(ms: number) {
    if (state.value === 'conflict') return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void sync()
    }, ms)
  }

  /** Sends the current values now; resolves when the server has them (or it failed). */
  async function sync(): Promise<void> {
    if (inflight) {
      pending = true
      return inflight
    }
    if (state.value === 'conflict') return
    inflight = doSync().finally(() => {
      inflight = null
    })
    await inflight
    if (pending) {
      pending = false
      return sync()
    }
  }

  async function doSync() {
    const mine = seq
    state.value = 'saving'
    try {
      const s = await o.client.put<Saved>(`/submissions/${o.id}`, { values: o.toServer(values), version })
      version = s.version
      error.value = null
      const clean = mine === seq
      held.value = clean ? (o.held?.(values) ?? []) : []
      writeLocal(!clean || held.value.length > 0)
      state.value = !clean ? 'local' : held.value.length ? 'held' : 'synced'
      o.onSaved?.(s)
      if (!clean) schedule(0)
    } catch (e) {
      error.value = e
      if (e instanceof NetworkError) {
        state.value = 'offline'
        if (retry) clearTimeout(retry)
        retry = setTimeout(() => void sync(), o.retryMs ?? 10000)
      } else if (e instanceof ApiError && e.status === 409 && e.code === 'edit_conflict' && e.current && Array.isArray(e.conflicts)) {
        editConflict.value = { current: e.current as Submission, conflicts: e.conflicts as FieldConflict[], merged: (e.merged ?? {}) as Record<string, unknown> }
        state.value = 'conflict'
      } else if (e instanceof ApiError && e.status === 409 && e.code === 'stale_version' && e.current) {
        const cur = e.current as Submission
        if (o.same?.(values, cur) && mine === seq) {
          version = cur.version
          held.value = o.held?.(values) ?? []
          writeLocal(held.value.length > 0)
          state.value = held.value.length ? 'held' : 'synced'
          o.onSaved?.(cur)
        } else {
          conflict.value = cur
          state.value = 'conflict'
        }
      } else {
        state.value = 'error'
      }
    }
  }

  /** Flushes a pending debounce and waits for the server. */
  async function flush() {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (state.value === 'local' || state.value === 'offline' || state.value === 'error' || inflight) await sync()
  }

  /** Conflict: overwrite the server with the local values, based on its current version. */
  async function keepMine() {
    if (!conflict.value) return
    version = conflict.value.version
    conflict.value = null
    state.value = 'local'
    writeLocal(true)
    await sync()
  }

  /**
   * Edit conflict: keep mine or theirs per conflicting field, on top of the server's merge of
   * everything else, and save that at the server's current version. Returns the new values.
   */
  async function resolve(choice: Record<string, 'mine' | 'theirs'>): Promise<Record<string, unknown> | null> {
    const c = editConflict.value
    if (!c) return null
    const next: Record<string, unknown> = JSON.parse(JSON.stringify(c.merged))
    for (const f of c.conflicts) {
      const v = choice[f.field] === 'mine' ? f.mine : f.theirs
      if (v === null || v === undefined) delete next[f.field]
      else next[f.field] = JSON.parse(JSON.stringify(v))
    }
    version = c.current.version
    values = next
    editConflict.value = null
    state.value = 'local'
    writeLocal(true)
    await sync()
    return next
  }

  /**
   * Takes values the page now shows (its own plus what arrived in a merge) as what the server
   * has, without sending them again.
   */
  function adopt(v: Record<string, unknown>) {
    values = JSON.parse(JSON.stringify(v))
    writeLocal(state.value !== 'synced')
  }

  /** Conflict: drop the local values and take the server's. */
  function useTheirs(): Submission | null {
    const c = conflict.value
    if (!c) return null
    version = c.version
    values = JSON.parse(JSON.stringify(c.values))
    conflict.value = null
    editConflict.value = null
    held.value = []
    storage.remove(o.id)
    state.value = 'synced'
    return c
  }

  /**
   * Resumes local edits found on load that were based on an older version than the server's:
   * they are sent with that base, so the server merges them with what was saved since.
   */
  function resume(base: number, local: Record<string, unknown>) {
    version = base
    change(local)
  }

  /**
   * The server has everything of these values (nothing pending on the device), or, when some of
   * them are held (the server cannot take them), everything else: they stay on the device.
   */
  function markSynced(local?: Record<string, unknown>) {
    const kept = local ? (o.held?.(local) ?? []) : []
    if (kept.length) {
      values = JSON.parse(JSON.stringify(local))
      held.value = kept
      writeLocal(true)
      state.value = 'held'
      return
    }
    if (state.value === 'idle') state.value = 'synced'
  }
  function setVersion(v: number) {
    version = v
  }
  function getVersion() {
    return version
  }
  function forget() {
    storage.remove(o.id)
  }

  function online() {
    if (state.value === 'offline') void sync()
  }
  if (typeof window !== 'undefined') window.addEventListener('online', online)
  function dispose() {
    if (timer) clearTimeout(timer)
    if (retry) clearTimeout(retry)
    if (typeof window !== 'undefined') window.removeEventListener('online', online)
  }

  return { state, error, conflict, editConflict, held, change, sync, flush, keepMine, useTheirs, resolve, adopt, resume, setVersion, getVersion, forget, dispose, markSynced }
}
