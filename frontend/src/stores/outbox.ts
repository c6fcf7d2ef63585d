// The outbox: drafts changed on this device while offline (or whose answer was lost) are sent
// from the task list, without opening each form: with the version they were based on, so the
// server merges them with anything saved since. A draft whose answers conflict, or that is no
// longer editable, stays on the device for its form page to resolve.
import { ApiError, NetworkError, type Client } from '../api/client'
import type { Form, Submission } from '../api/types'
import { heldPaths, normalize } from '../rules/evaluate'
import { localDrafts, type DraftStorage, type LocalDraft } from './autosave'

/** What one pass of the outbox did. */
export interface OutboxResult {
  synced: number
  /** Left on the device: a conflict to choose, a form no longer open, input the server cannot take. */
  waiting: number
  offline: boolean
}

/** Every draft on this device that has not reached the server. */
export function pendingDrafts(storage: Pick<Storage, 'length' | 'key' | 'getItem'> = localStorage): LocalDraft[] {
  const out: LocalDraft[] = []
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i)
    if (!k?.startsWith('tb.draft.')) continue
    try {
      const d = JSON.parse(storage.getItem(k) ?? 'null') as LocalDraft | null
      if (d?.dirty) out.push(d)
    } catch {
      /* unreadable entry: leave it */
    }
  }
  return out.sort((a, b) => a.at - b.at)
}

/** Sends each pending draft once, oldest first; stops at the first network failure. */
export async function syncDrafts(client: Client, drafts: LocalDraft[], storage: DraftStorage = localDrafts): Promise<OutboxResult> {
  const res: OutboxResult = { synced: 0, waiting: 0, offline: false }
  for (const d of drafts) {
    try {
      const sub = await client.get<Submission>(`/submissions/${d.id}`)
      if (sub.status !== 'draft' && sub.status !== 'returned') {
        res.waiting++
        continue
      }
      const form = await client.get<Form>(`/forms/${encodeURIComponent(sub.form)}`, { version: sub.form_version })
      const saved = await client.put<Submission>(`/submissions/${d.id}`, { values: normalize(form, d.values).values, version: d.base })
      if (heldPaths(form, d.values).length) {
        storage.put({ ...d, base: saved.version, at: Date.now() }) // the unreadable input stays, marked, for its page
        res.waiting++
      } else {
        storage.remove(d.id)
        res.synced++
      }
    } catch (e) {
      if (e instanceof NetworkError) {
        res.offline = true
        res.waiting += drafts.length - res.synced - res.waiting
        return res
      }
      if (!(e instanceof ApiError)) throw e
      res.waiting++
    }
  }
  return res
}
