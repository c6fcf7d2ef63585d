// The main thread's work on a cold load of one page at 4× CPU throttling, from a Chromium trace: the
// blocking time after the first contentful paint (Σ max(0, task − 50 ms) over the page's RunTask
// events), the main thread's CPU time over the load and 2.5 s after, and the long tasks. Lighthouse's
// TBT is simulated and swings with the machine's load; this is the page's own work, measured.
// Runs in Debian's Chromium through puppeteer-core (nothing is downloaded).
//
//   node scripts/blocking.mjs BASE_URL [--path /leader] [--user leader] [--runs 4]
//   node scripts/blocking.mjs http://127.0.0.1:8093,http://127.0.0.1:8094 --runs 4   two builds, alternating
import puppeteer from 'puppeteer-core'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
let bases = []
let path = '/leader'
let user = 'leader'
let runs = 4
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--path') path = args[++i]
  else if (args[i] === '--user') user = args[++i]
  else if (args[i] === '--runs') runs = Math.max(1, Number(args[++i]) || 1)
  else bases = args[i].split(',').map((b) => b.replace(/\/$/, ''))
}
if (!bases.length) {
  console.error('usage: node scripts/blocking.mjs BASE_URL[,BASE_URL2] [--path /leader] [--user leader] [--runs 4]')
  process.exit(2)
}
const PASSWORD = process.env.DEMO_PASSWORD || 'Demo@2025!'
const dir = mkdtempSync(join(tmpdir(), 'tb-blocking-'))

/** One cold load of base + path, logged in as user first: { blocking, cpu, long } in ms. */
async function once(base, n) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage()
    await page.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true })
    // The login page first, for every page measured (the login page too): a fresh browser's first
    // load carries the browser's own start-up, which made the login page's figures swing fourfold.
    await page.goto(base + '/login', { waitUntil: 'networkidle0' })
    if (path !== '/login') {
      await page.type('[data-testid="login-username"] input', user)
      await page.type('[data-testid="login-password"] input', PASSWORD)
      await page.keyboard.press('Enter')
      await page.waitForFunction("!location.pathname.startsWith('/login')", { timeout: 20000 })
    }
    await new Promise((r) => setTimeout(r, 1000))
    await page.goto('about:blank')
    const cdp = await page.createCDPSession()
    await cdp.send('Network.clearBrowserCache')
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    const file = join(dir, `trace-${n}.json`)
    await page.tracing.start({ path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'loading'] })
    await page.goto(base + path, { waitUntil: 'networkidle0', timeout: 60000 })
    await new Promise((r) => setTimeout(r, 2500))
    await page.tracing.stop()
    return measure(JSON.parse(readFileSync(file, 'utf8')), base + path)
  } finally {
    await browser.close()
  }
}

/**
 * The page's renderer main thread, its tasks after first paint: the main thread of the process that
 * navigated to url (a fresh browser's new-tab page has a renderer of its own, busier than a login
 * page's), the one with the most events if the trace names no such navigation.
 */
function measure(trace, url) {
  const ev = trace.traceEvents ?? trace
  const count = new Map()
  for (const e of ev) count.set(`${e.pid}/${e.tid}`, (count.get(`${e.pid}/${e.tid}`) ?? 0) + 1)
  const nav = ev.find((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').startsWith(url))
  const mains = ev.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (!nav || e.pid === nav.pid))
  const main = mains.sort((a, b) => count.get(`${b.pid}/${b.tid}`) - count.get(`${a.pid}/${a.tid}`))[0]
  const fcp = ev.find((e) => e.name === 'firstContentfulPaint' && e.pid === main.pid)?.ts ?? 0
  let blocking = 0
  let cpu = 0
  let long = 0
  for (const t of ev) {
    if (t.pid !== main.pid || t.tid !== main.tid || t.name !== 'RunTask' || !t.dur) continue
    const d = t.dur / 1000
    cpu += d
    if (t.ts >= fcp && d > 50) {
      blocking += d - 50
      long++
    }
  }
  return { blocking, cpu, long }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const got = bases.map(() => [])
let n = 0
for (let i = 0; i < runs; i++) {
  for (const [j, base] of bases.entries()) {
    const r = await once(base, n++)
    got[j].push(r)
    console.log(`  ${base}${path} run ${i + 1}: blocking ${Math.round(r.blocking)} ms, CPU ${Math.round(r.cpu)} ms, long tasks ${r.long}`)
  }
}
rmSync(dir, { recursive: true, force: true })
console.log(`\n${path} at 4× CPU, ${runs} cold load(s) each (medians):`)
console.log('| build | blocking after first paint | main-thread CPU | long tasks |\n|---|---|---|---|')
for (const [j, base] of bases.entries()) {
  const g = got[j]
  console.log(`| ${base} | ${Math.round(median(g.map((x) => x.blocking)))} ms | ${Math.round(median(g.map((x) => x.cpu)))} ms | ${median(g.map((x) => x.long))} |`)
}
if (bases.length === 2) {
  const r = (k) => (median(got[1].map((x) => x[k])) / Math.max(1, median(got[0].map((x) => x[k])))).toFixed(2)
  console.log(`second ÷ first: blocking ${r('blocking')}×, CPU ${r('cpu')}×`)
}
