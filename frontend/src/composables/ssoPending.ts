// What a sign-in through a provider is for, kept in this tab while the browser visits the
// provider: a login (and the page to go to afterwards) or the signed-in user's linking.
const KEY = 'tb.sso'

export interface SsoPending {
  purpose: 'login' | 'link'
  next?: string
}

/** Remembers the sign-in being started in this tab. */
export function rememberSso(p: SsoPending) {
  sessionStorage.setItem(KEY, JSON.stringify(p))
}

/** Reads and forgets the sign-in this tab started; a login when there is none. */
export function takeSso(): SsoPending {
  const raw = sessionStorage.getItem(KEY)
  sessionStorage.removeItem(KEY)
  try {
    const p = raw ? (JSON.parse(raw) as SsoPending) : null
    if (p && (p.purpose === 'login' || p.purpose === 'link')) {
      return { purpose: p.purpose, next: typeof p.next === 'string' && p.next.startsWith('/') && !p.next.startsWith('//') ? p.next : undefined }
    }
  } catch {
    /* a damaged entry is a plain login */
  }
  return { purpose: 'login' }
}
