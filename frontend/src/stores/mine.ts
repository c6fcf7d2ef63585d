// A school's own standing on the plan's targets (a Pinia store). The server serves GET /indicators
// in its "own" view to a school's org_admin and filler: the indicators that apply to their org,
// the org's own figures judged by its own per-school check, and the district's aggregate.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { fetchIndicators, type Basis } from '../api/indicators'
import { fetchTasks } from '../api/tasks'
import type { Indicator } from '../api/types'
import { useAsync } from '../composables/useAsync'
import { ownCheck, type OwnCheck } from './headline'

export type OwnFilter = 'all' | 'fail' | 'missing'

/** The years to offer: those of the caller's tasks, newest first (last year when there are none). */
export function yearsOf(periods: string[], now = new Date()): string[] {
  const ys = new Set(periods.map((p) => p.slice(0, 4)).filter((y) => /^\d{4}$/.test(y)))
  if (!ys.size) ys.add(String(now.getFullYear() - 1))
  return [...ys].sort().reverse()
}

export const useMyStanding = defineStore('myStanding', () => {
  const period = ref('')
  const basis = ref<Basis>('approved')
  const filter = ref<OwnFilter>('all')
  const years = ref<string[]>([])
  const summary = useAsync((p: string, b: Basis) => fetchIndicators(p, b), { loading: true })

  const items = computed<Indicator[]>(() => (Array.isArray(summary.data.value?.items) ? summary.data.value!.items : []))
  /** Whether the server answered with the own view (it carries the district's figures). */
  const own = computed(() => summary.data.value?.view === 'own')
  const checks = computed(() => items.value.map((it) => ownCheck(it)))
  const counts = computed(() => {
    const c: Record<OwnCheck, number> = { pass: 0, fail: 0, missing: 0, pending: 0, unjudged: 0 }
    for (const k of checks.value) c[k]++
    return c
  })
  const shown = computed(() => {
    if (filter.value === 'all') return items.value
    return items.value.filter((_, i) => checks.value[i] === filter.value)
  })

  /** Picks the period from the caller's tasks when none is set yet. */
  async function init() {
    if (years.value.length && period.value) return
    let periods: string[] = []
    try {
      periods = (await fetchTasks(100)).items.map((t) => t.period)
    } catch {
      /* no tasks: last year */
    }
    years.value = yearsOf(periods)
    if (!period.value) period.value = years.value[0]
    else if (!years.value.includes(period.value)) years.value = [...years.value, period.value].sort().reverse()
  }

  function load() {
    return summary.run(period.value, basis.value)
  }

  return { period, basis, filter, years, items, own, counts, shown, init, load, loading: summary.loading, errorText: summary.errorText }
})
