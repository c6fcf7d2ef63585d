import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api } from '../../src/api/client'
import { takeCampaigns } from '../../src/api/campaigns'
import { forgetEarly } from '../../src/api/early'
import { prefetchBoard, takeIndicators } from '../../src/api/indicators'
import { prefetchTasks, takeTasks } from '../../src/api/tasks'
import { useIndicatorBoard } from '../../src/stores/indicators'
import { useCampaignProgress } from '../../src/stores/campaigns'
import { signIn } from './session'

/** A signed-in session; the server answers the board's two calls, numbering each answer. */
function session(refresh: string, calls: string[]) {
  signIn(refresh, calls, (url, n) =>
    url.includes('/campaigns')
      ? { items: [{ id: n, period: '2026', title: 't', form: 'f', deadline: '2027-01-01T00:00:00Z' }], total: 1 }
      : { period: new URL(url, 'http://x').searchParams.get('period'), items: [], as_of: null, answer: n },
  )
}

const lastYear = String(new Date().getFullYear() - 1)
/** Lets the client's requests reach fetch (it checks the token first). */
const settle = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  forgetEarly()
  vi.unstubAllGlobals()
  api.tokens.set(null)
})

describe("the leader's board fetched as the first navigation sets out", () => {
  it('asks for the period and basis the address names, once, and the board takes them once', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchBoard({ period: '2024', basis: 'all' })
    prefetchBoard({ period: '2024', basis: 'all' }) // asked for already
    await settle()
    expect(calls.filter((u) => u.includes('/indicators')).length).toBe(1)
    expect(calls.find((u) => u.includes('/indicators'))).toContain('period=2024')
    expect(calls.find((u) => u.includes('/indicators'))).toContain('basis=all')
    expect(calls.filter((u) => u.includes('/campaigns')).length).toBe(1)

    const first = (await takeIndicators('2024', 'all')) as unknown as { answer: number }
    expect(calls.filter((u) => u.includes('/indicators')).length).toBe(1) // the early answer, no new request
    const again = (await takeIndicators('2024', 'all')) as unknown as { answer: number }
    expect(again.answer).not.toBe(first.answer) // taken once: the next load asks the server
    expect(calls.filter((u) => u.includes('/indicators')).length).toBe(2)
  })

  it('without a period in the address asks for last year, official figures (what the board shows first)', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchBoard({ basis: 'nonsense' })
    await settle()
    expect(calls[0]).toContain(`period=${lastYear}`)
    expect(calls[0]).toContain('basis=approved')
  })

  it('another period or basis is not answered from it', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchBoard({ period: '2024', basis: 'approved' })
    const other = (await takeIndicators('2025', 'approved')) as unknown as { period: string }
    expect(other.period).toBe('2025')
    expect(calls.filter((u) => u.includes('/indicators')).length).toBe(2)
  })

  it('is dropped by a logout and never handed to the next user', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchBoard({ period: '2024' })
    forgetEarly() // what auth.logout does
    session('rt-b', calls)
    await takeIndicators('2024', 'approved')
    await takeCampaigns()
    expect(calls.filter((u) => u.includes('/indicators')).length).toBe(2)
    expect(calls.filter((u) => u.includes('/campaigns')).length).toBe(2)

    // Another session's answer is not taken even if no logout cleared it (a refresh token rotated).
    session('rt-c', calls)
    prefetchBoard({ period: '2023' })
    session('rt-d', calls)
    await takeIndicators('2023', 'approved')
    expect(calls.filter((u) => u.includes('period=2023')).length).toBe(2)
  })

  it("is what the board's stores show when they load", async () => {
    const calls: string[] = []
    session('rt-a', calls)
    setActivePinia(createPinia())
    prefetchBoard({ period: '2024', basis: 'all' })
    const board = useIndicatorBoard()
    const campaigns = useCampaignProgress()
    board.period = '2024'
    board.basis = 'all'
    await Promise.all([board.load(), campaigns.loadList()])
    expect(calls.length).toBe(2) // the two early requests, nothing more
    expect(campaigns.latestYear).toBe('2026')
    expect(board.loading).toBe(false)
  })
})

describe("the clerk's task list fetched as the first navigation sets out", () => {
  it('is taken once by the list; a reload of the list asks the server', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    prefetchTasks()
    prefetchTasks() // asked for already
    await settle()
    expect(calls.filter((u) => u.includes('/tasks')).length).toBe(1)
    await takeTasks()
    expect(calls.filter((u) => u.includes('/tasks')).length).toBe(1)
    await takeTasks()
    expect(calls.filter((u) => u.includes('/tasks')).length).toBe(2)
  })
})

describe('an early request that failed', () => {
  it('is asked again by the screen rather than shown as its error', async () => {
    const calls: string[] = []
    session('rt-a', calls)
    let first = true
    vi.stubGlobal('fetch', (url: string) => {
      calls.push(url)
      if (first) {
        first = false
        return Promise.reject(new TypeError('Failed to fetch')) // the connection dropped as the app started
      }
      return Promise.resolve(new Response(JSON.stringify({ items: [{ id: 1 }], total: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } }))
    })
    prefetchTasks()
    await settle()
    const got = await takeTasks()
    expect(got.items.length).toBe(1)
    expect(calls.filter((u) => u.includes('/tasks')).length).toBe(2)
  })
})
