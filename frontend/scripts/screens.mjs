// Screenshots of each role's home on a 390×844 phone, for docs/screens/: the clerk's tasks, the reviewer's
// queue, the leader's dashboard (in Chinese and in English), a school's "mine" page and the admin screen,
// each logged in through the login page of a running server in demo mode (`make run`, or
// TIANBAO_DEMO=1 tianbao serve). Playwright-core with Debian's Chromium (CHROMIUM, default
// /usr/bin/chromium); nothing is downloaded.
//
//   node scripts/screens.mjs [BASE_URL] [--out DIR]     BASE_URL defaults to $BASE_URL or http://127.0.0.1:8080,
//                                                      DIR to ../docs/screens
//
// The images are the screen as the phone shows it (the viewport, not the whole page), at 1 CSS px a
// pixel, so each PNG stays small.
import { chromium } from 'playwright-core'
import { mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
let base = process.env.BASE_URL || 'http://127.0.0.1:8080'
let out = join(here, '..', '..', 'docs', 'screens')
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i])
  else base = args[i]
}
base = base.replace(/\/$/, '')
const PASSWORD = process.env.DEMO_PASSWORD || 'Demo@2025!'
mkdirSync(out, { recursive: true })

/** Each role's home: the file, the account, the path, what shows it is loaded, the language. */
const shots = [
  { file: 'clerk-tasks.png', user: 'xhzx', path: '/tasks', ready: '[data-testid^="task-"]', lang: 'zh-CN' },
  { file: 'reviewer-queue.png', user: 'reviewer', path: '/review', ready: 'main', lang: 'zh-CN' },
  { file: 'leader-dashboard.png', user: 'leader', path: '/leader', ready: '[data-testid="indicator-list"]', lang: 'zh-CN' },
  { file: 'leader-dashboard-en.png', user: 'leader', path: '/leader', ready: '[data-testid="indicator-list"]', lang: 'en' },
  { file: 'school-mine.png', user: 'wlzx', path: '/my', ready: '[data-testid="mine-list"], [data-testid="mine-empty"]', lang: 'zh-CN' },
  { file: 'admin.png', user: 'admin', path: '/admin', ready: 'main', lang: 'zh-CN' },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
let failed = 0
try {
  for (const s of shots) {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: s.lang, hasTouch: true, isMobile: true })
    // The language and the light theme are chosen before the app starts.
    await ctx.addInitScript((lang) => {
      try {
        localStorage.setItem('tb.lang', lang)
        localStorage.setItem('tb.theme', 'light')
      } catch {
        /* about:blank */
      }
    }, s.lang)
    const page = await ctx.newPage()
    try {
      await page.goto(base + '/login')
      await page.getByTestId('login-username').locator('input').fill(s.user)
      await page.getByTestId('login-password').locator('input').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
      await page.goto(base + s.path)
      await page.waitForSelector(s.ready, { timeout: 15000 })
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(400) // the last batch of cards, the chart's first frame
      const file = join(out, s.file)
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
      console.log(`  ${s.file.padEnd(26)} ${s.user.padEnd(9)} ${s.path.padEnd(8)} ${s.lang.padEnd(6)} ${(statSync(file).size / 1024).toFixed(0)} KB`)
    } catch (e) {
      failed++
      console.error(`  ${s.file}: ${e.message.split('\n')[0]}`)
    } finally {
      await ctx.close()
    }
  }
} finally {
  await browser.close()
}
if (failed) process.exit(1)
