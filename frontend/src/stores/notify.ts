// The caller's inbox and its unread count (the tab bar's badge), as a Pinia setup store.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { fetchInbox, fetchUnread, markAllRead, markRead, type InboxItem } from '../api/notify'
import { useAsync } from '../composables/useAsync'

export const useInbox = defineStore('inbox', () => {
  const unread = ref(0)
  const items = ref<InboxItem[]>([])
  const total = ref(0)
  const page = useAsync((n: number) => fetchInbox(n, 20), { loading: true })

  /** Loads the first page (or the next one, appended). */
  async function load(next = false) {
    const n = next ? Math.floor(items.value.length / 20) + 1 : 1
    const r = await page.run(n)
    if (!r) return
    items.value = next ? [...items.value, ...r.items] : r.items
    total.value = r.total
    unread.value = r.unread
  }

  /** Refreshes the badge; a failure keeps the last count (the phone may be offline). */
  async function refreshUnread() {
    try {
      unread.value = (await fetchUnread()).unread
    } catch {
      /* keep the last count */
    }
  }

  async function read(item: InboxItem) {
    if (item.read) return
    const r = await markRead(item.id)
    items.value = items.value.map((it) => (it.id === item.id ? { ...it, read: true, read_at: new Date().toISOString() } : it))
    unread.value = r.unread
  }

  async function readAll() {
    await markAllRead()
    items.value = items.value.map((it) => (it.read ? it : { ...it, read: true, read_at: new Date().toISOString() }))
    unread.value = 0
  }

  // The badge is refreshed every minute while someone is signed in, and when the app comes back
  // to the foreground.
  let timer: ReturnType<typeof setInterval> | null = null
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refreshUnread()
  }
  function start() {
    if (timer) return
    void refreshUnread()
    timer = setInterval(() => void refreshUnread(), 60_000)
    document.addEventListener('visibilitychange', onVisible)
  }
  function stop() {
    if (timer) clearInterval(timer)
    timer = null
    document.removeEventListener('visibilitychange', onVisible)
    clear()
  }

  function clear() {
    unread.value = 0
    items.value = []
    total.value = 0
    page.reset()
  }

  return { unread, items, total, loading: page.loading, errorText: page.errorText, load, refreshUnread, read, readAll, clear, start, stop }
})
