// Lighthouse 12.2.3 (mobile: its default emulation and simulated slow-4G throttling, cold cache) on
// the four pages of issue 13 against a running server: the login page, the clerk's task list, one of
// the clerk's forms (/fill/{id}) and the leader's dashboard. Runs in Debian's Chromium
// (CHROMIUM, default /usr/bin/chromium), launched here through puppeteer-core: nothing is downloaded.
// The logged-in pages are audited in the tab where the user logged in through the login page, so
// Lighthouse runs with the session (it clears caches and service workers, not localStorage or the
// tab's sessionStorage).
//
//   node scripts/lighthouse.mjs [BASE_URL]                   one run a page; exit 1 if accessibility or
//                                                            best practices < 90 on any page
//   node scripts/lighthouse.mjs [BASE_URL] --runs 3 --median  3 cold runs a page; prints the median
//                                                            performance (docs/performance.md)
//   node scripts/lighthouse.mjs [BASE_URL] --pages dashboard,login  only those pages (names as printed)
// BASE_URL defaults to $BASE_URL. LH_JSON=dir writes each report's JSON there; LH_TRACE=dir each
// run's trace (the unthrottled load Lantern simulates from: which task was long, and why).
import lighthouse from 'lighthouse'
import puppeteer from 'puppeteer-core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const args = process.argv.slice(2)
let runs = 1
let median = false
let base = process.env.BASE_URL || ''
let only = null
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Math.max(1, Number(args[++i]) || 1)
  else if (args[i] === '--median') median = true
  else if (args[i] === '--pages') only = new Set(String(args[++i] ?? '').split(',').filter(Boolean))
  else base = args[i]
}
if (!base) {
  console.error('usage: node scripts/lighthouse.mjs BASE_URL [--runs N --median]')
  process.exit(2)
}
base = base.replace(/\/$/, '')
if (median && runs < 2) runs = 3
const PASSWORD = process.env.DEMO_PASSWORD || 'Demo@2025!'
const MIN = 90
const jsonDir = process.env.LH_JSON || ''
if (jsonDir) mkdirSync(jsonDir, { recursive: true })
const traceDir = process.env.LH_TRACE || ''
if (traceDir) mkdirSync(traceDir, { recursive: true })

async function apiLogin(user) {
  const res = await fetch(base + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: PASSWORD }),
  })
  if (!res.ok) throw new Error(`login ${user}: ${res.status}`)
  return (await res.json()).access_token
}

/** The id of one of the clerk's forms: the teacher-training task the journeys fill, else the first. */
async function clerkFormId() {
  const tok = await apiLogin('xhzx')
  const res = await fetch(base + '/api/v1/tasks?page_size=100', { headers: { Authorization: 'Bearer ' + tok } })
  const items = (await res.json()).items ?? []
  const pick = items.find((t) => t.form === 'teacher-training') ?? items[0]
  if (!pick) throw new Error('the clerk xhzx has no task')
  if (pick.submission_id) return pick.submission_id
  // Not started yet: open it as the task list does.
  const sub = await fetch(base + '/api/v1/submissions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + tok },
    body: JSON.stringify({ form: pick.form, period: pick.period }),
  })
  if (!sub.ok) throw new Error(`opening ${pick.form}: ${sub.status} ${await sub.text()}`)
  return (await sub.json()).id
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  defaultViewport: null,
})

/** Logs user in through the login page of page's tab and waits until the app has left it. */
async function uiLogin(page, user) {
  await page.goto(base + '/login', { waitUntil: 'networkidle0' })
  await page.waitForSelector('[data-testid="login-username"] input', { timeout: 20000 })
  await page.type('[data-testid="login-username"] input', user)
  await page.type('[data-testid="login-password"] input', PASSWORD)
  await Promise.all([
    page.waitForFunction("!location.pathname.startsWith('/login')", { timeout: 20000 }),
    page.click('[data-testid="login-submit"]'),
  ])
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 20000 }).catch(() => {})
}

/** Forgets any session: the origin's localStorage goes before page (a new tab) loads the app, so
 * no refresh still in flight from an earlier page can write it back. */
async function logout(page) {
  const cdp = await page.createCDPSession()
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(base).origin, storageTypes: 'local_storage,service_workers,cache_storage' })
  await cdp.detach()
}

async function audit(page, url) {
  const r = await lighthouse(url, { output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] }, undefined, page)
  const lhr = r.lhr
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
  if (lhr.finalDisplayedUrl && new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) {
    throw new Error(`${url} ended on ${lhr.finalDisplayedUrl} (the session was lost?)`)
  }
  const score = (k) => Math.round((lhr.categories[k]?.score ?? 0) * 100)
  const failing = (k) =>
    lhr.categories[k].auditRefs
      .map((a) => lhr.audits[a.id])
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
      .map((a) => a.id)
  return {
    lhr,
    trace: traceDir ? r.artifacts.Trace : null, // kept only when it is to be written
    perf: score('performance'),
    a11y: score('accessibility'),
    bp: score('best-practices'),
    lcp: lhr.audits['largest-contentful-paint']?.numericValue,
    cls: lhr.audits['cumulative-layout-shift']?.numericValue,
    failing: { a11y: failing('accessibility'), bp: failing('best-practices') },
  }
}

const wanted = (name) => !only || only.has(name)
const formId = wanted('form') ? await clerkFormId() : 0
const pages = [
  { name: 'login', path: '/login', user: null },
  { name: 'tasks', path: '/tasks', user: 'xhzx' },
  { name: 'form', path: `/fill/${formId}`, user: 'xhzx' },
  { name: 'dashboard', path: '/leader', user: 'leader' },
].filter((p) => wanted(p.name))
if (!pages.length) {
  console.error('--pages names none of login, tasks, form, dashboard')
  process.exit(2)
}

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

let bad = 0
const rows = []
try {
  for (const p of pages) {
    const page = await browser.newPage()
    await logout(page)
    if (p.user) await uiLogin(page, p.user)
    const got = []
    for (let i = 0; i < runs; i++) {
      const r = await audit(page, base + p.path)
      got.push(r)
      if (jsonDir) writeFileSync(join(jsonDir, `${p.name}-${i + 1}.json`), JSON.stringify(r.lhr))
      if (traceDir) writeFileSync(join(traceDir, `${p.name}-${i + 1}.trace.json`), JSON.stringify(r.trace))
      console.log(
        `  ${p.name.padEnd(9)} run ${i + 1}: performance ${r.perf}, accessibility ${r.a11y}, best practices ${r.bp}` +
          ` (LCP ${(r.lcp / 1000).toFixed(1)} s, CLS ${r.cls.toFixed(3)})` +
          (r.failing.a11y.length ? ` a11y: ${r.failing.a11y.join(' ')}` : '') +
          (r.failing.bp.length ? ` bp: ${r.failing.bp.join(' ')}` : ''),
      )
      if (r.a11y < MIN || r.bp < MIN) bad++
    }
    await page.close()
    rows.push({ page: p.name, path: p.path, perf: med(got.map((r) => r.perf)), a11y: Math.min(...got.map((r) => r.a11y)), bp: Math.min(...got.map((r) => r.bp)), lcp: med(got.map((r) => r.lcp)), cls: Math.max(...got.map((r) => r.cls)) })
  }
} finally {
  await browser.close()
}

console.log(`\nLighthouse 12.2.3, mobile, ${runs} cold run(s) a page${runs > 1 ? ' (performance and LCP: median; a11y and BP: lowest; CLS: highest)' : ''}:`)
console.log('| page | performance | accessibility | best practices | LCP | CLS |')
console.log('|---|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.page} (\`${r.path}\`) | ${r.perf} | ${r.a11y} | ${r.bp} | ${(r.lcp / 1000).toFixed(1)} s | ${r.cls.toFixed(3)} |`)
if (bad) {
  console.error(`\nLighthouse: accessibility or best practices below ${MIN} in ${bad} run(s)`)
  process.exit(1)
}
