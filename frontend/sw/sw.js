// Tianbao's service worker: the app opens and the forms opened before stay readable offline.
// The build (vite.config.ts, serviceWorker()) replaces the precache list and the version.
// - the app shell and every hashed asset are cached at install, so an offline reload shows the app;
// - a page navigation goes to the network first and falls back to the cached shell;
// - hashed assets are answered from the cache (their names change with their content);
// - the API's GETs go to the network first and fall back to the last answer this device saw
//   (the task list, a submission, a form version), so a form opened before can be filled offline;
//   its saves wait on the device (the autosave's queue) until the network returns;
// - nothing of the API is cached for sign-in, exports or attachments, and the page deletes the API
//   cache on logout.
const VERSION = '__VERSION__'
const PRECACHE = __PRECACHE__
const SHELL = 'tb-shell-' + VERSION
const API = 'tb-api'

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(['/', ...PRECACHE])).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tb-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

function apiCacheable(url) {
  if (!url.pathname.startsWith('/api/v1/')) return false
  const p = url.pathname.slice('/api/v1'.length)
  return !p.startsWith('/auth/') && !p.startsWith('/exports') && !p.startsWith('/attachments') && !p.startsWith('/audit')
}

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  if (req.mode === 'navigate') {
    event.respondWith(fetch(req).catch(() => caches.match('/', { cacheName: SHELL }).then((r) => r || Response.error())))
    return
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(req, { cacheName: SHELL }).then((hit) => hit || fetch(req)))
    return
  }
  if (apiCacheable(url)) {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone()
            event.waitUntil(caches.open(API).then((c) => c.put(req, copy)))
          }
          return res
        })
        .catch(() => caches.open(API).then((c) => c.match(req)).then((hit) => hit || Promise.reject(new TypeError('offline')))),
    )
  }
})
