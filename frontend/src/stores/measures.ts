// The plan's measures (cached for the session: they change only by a sysadmin's import) and the
// leader's board, as a Pinia setup store.
import { defineStore } from 'pinia'
import { computed } from 'vue'
import { fetchBoard, fetchMeasures, type Measure } from '../api/measures'
import { useAsync } from '../composables/useAsync'

export const useMeasures = defineStore('measures', () => {
  const list = useAsync(() => fetchMeasures().then((r) => r.items), { loading: true })
  const board = useAsync((period?: string) => fetchBoard(period), { loading: true })
  const byNumber = computed(() => new Map<number, Measure>((list.data.value ?? []).map((m) => [m.number, m])))

  /** Loads the measures once; later calls reuse them. */
  async function ensure() {
    if (!list.data.value) await list.run()
  }
  return { list, board, byNumber, ensure }
})

/** A measure's title in the UI language. */
export function measureTitle(m: { title: string; title_en: string }, locale: string): string {
  return locale === 'en' && m.title_en ? m.title_en : m.title
}
