import type { Change, Revision } from '../api/types'

/**
 * The changes between the previous submit and the latest one, merged per field (first "from",
 * last "to"), from a submission's history. null when there has been at most one submit.
 */
export function changesSinceLastSubmit(history: Revision[]): Record<string, Change> | null {
  const revs = history.slice().sort((a, b) => a.version - b.version || a.id - b.id)
  const submits = revs.map((r, i) => (r.action === 'submit' ? i : -1)).filter((i) => i >= 0)
  if (submits.length < 2) return null
  const from = submits[submits.length - 2]
  const to = submits[submits.length - 1]
  const out: Record<string, Change> = {}
  for (const r of revs.slice(from + 1, to + 1)) {
    for (const [k, c] of Object.entries(r.changes ?? {})) {
      if (out[k]) out[k] = { from: out[k].from, to: c.to }
      else out[k] = { from: c.from, to: c.to }
    }
  }
  for (const k of Object.keys(out)) if (JSON.stringify(out[k].from) === JSON.stringify(out[k].to)) delete out[k]
  return out
}
