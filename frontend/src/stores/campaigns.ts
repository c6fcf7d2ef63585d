// Campaigns and how far each has got, for the leader's board (a Pinia store).
import { defineStore } from 'pinia'
import { computed, reactive } from 'vue'
import { fetchCompleteness, fetchForms, lastYear, takeCampaigns } from '../api/campaigns'
import type { Campaign, Completeness, FormSummary } from '../api/types'
import { useAsync } from '../composables/useAsync'

/** See titleOf: the English title of a campaign whose title is the default one. */
export function campaignTitle(c: Pick<Campaign, 'title' | 'period'>, f: Pick<FormSummary, 'title' | 'title_en'> | undefined, lang: string): string {
  if (lang !== 'en' || !f?.title_en) return c.title
  return c.title.trim() === `${c.period} ${f.title}` ? `${c.period} ${f.title_en}` : c.title
}

export const useCampaignProgress = defineStore('campaignProgress', () => {
  const list = useAsync(() => takeCampaigns())
  const comp = reactive<Record<number, Completeness | null>>({})
  const all = computed<Campaign[]>(() => list.data.value?.items ?? [])

  /** Years with a campaign, and the last four calendar years, newest first. */
  const years = computed(() => {
    const ys = new Set(all.value.map((c) => c.period.slice(0, 4)))
    const thisYear = new Date().getFullYear()
    for (let y = thisYear; y >= thisYear - 3; y--) ys.add(String(y))
    return [...ys].sort().reverse()
  })
  /**
   * The newest yearly campaign's year, or last year when there is none. The plan's targets are
   * yearly: a quarter's or a month's campaign (2026Q4) does not make its year the one to show.
   */
  const latestYear = computed(() => {
    const ps = all.value.filter((c) => /^\d{4}$/.test(c.period)).map((c) => c.period).sort().reverse()
    return ps[0] ?? lastYear()
  })

  /** The open campaigns and those of the period, at most 12. */
  function forPeriod(period: string): Campaign[] {
    const now = Date.now()
    return all.value.filter((c) => new Date(c.deadline).getTime() > now || c.period.startsWith(period)).slice(0, 12)
  }

  const forms = useAsync(() => fetchForms())

  /**
   * A campaign's title in the reader's language. A title the server made ("2025 " + the form's
   * title) reads "2025 " + the form's English title in English; a title someone typed is shown as
   * it is (it is data). Call loadForms first in English.
   */
  function titleOf(c: Campaign, lang: string): string {
    if (lang !== 'en') return c.title
    const f = forms.data.value?.items.find((x) => x.code === c.form)
    return campaignTitle(c, f, lang)
  }

  /** Loads the forms' titles once (for titleOf in English). */
  async function loadForms() {
    if (!forms.data.value && !forms.loading.value) await forms.run()
  }

  /** Loads the list of campaigns only. */
  async function loadList() {
    await list.run()
  }

  /** Campaigns whose completeness is on its way: asked for once, however often ensure is called. */
  const asked = new Set<number>()

  /**
   * Loads the completeness of the period's campaigns not loaded yet, side by side, and stores them
   * together: one update of the screen instead of one per campaign.
   */
  async function ensure(period: string) {
    const cs = forPeriod(period).filter((c) => !(c.id in comp) && !asked.has(c.id))
    if (!cs.length) return
    cs.forEach((c) => asked.add(c.id))
    const got = await Promise.all(cs.map((c) => fetchCompleteness(c.id).catch(() => null)))
    cs.forEach((c, i) => {
      comp[c.id] = got[i]
      asked.delete(c.id)
    })
  }

  return { all, comp, years, latestYear, forPeriod, loadList, ensure, titleOf, loadForms, loading: list.loading, errorText: list.errorText }
})
