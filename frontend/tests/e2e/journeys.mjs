// Browser journeys at 390×844 against a real Tianbao server (BASE_URL), driven by playwright-core
// with Debian's Chromium. Screenshots go to test-artifacts/. Prints "N passed, N failed".
import { chromium } from 'playwright-core'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const BASE = process.env.BASE_URL || 'http://127.0.0.1:18090'
const ART = join(root, 'test-artifacts')
const PASSWORD = 'Demo@2025!'
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
mkdirSync(ART, { recursive: true })

const results = []
const axeReport = []
let shot = 0

async function step(name, fn) {
  const t0 = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`)
  } catch (e) {
    results.push({ name, ok: false, err: e })
    console.log(`  ✗ ${name}\n    ${String(e && e.stack ? e.stack : e).split('\n').slice(0, 6).join('\n    ')}`)
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error('assertion failed: ' + msg)
}

async function snap(page, name) {
  shot++
  await page.screenshot({ path: join(ART, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true })
}

/** Runs axe-core on the page; fails on serious or critical violations. */
async function axe(page, label) {
  await page.evaluate(axeSource)
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  axeReport.push({ page: label, violations: res.length, serious: bad.length, ids: res.map((v) => `${v.id}(${v.impact})`) })
  if (bad.length) throw new Error(`axe on ${label}: ` + JSON.stringify(bad))
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})

async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true, isMobile: true })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
  return { ctx, page }
}

async function login(page, user) {
  await page.goto(BASE + '/login')
  await page.getByTestId('login-username').locator('input').fill(user)
  await page.getByTestId('login-password').locator('input').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 })
}

async function typeInto(page, testid, value) {
  const input = page.getByTestId(testid).locator('input, textarea').first()
  await input.fill(String(value))
}

async function waitSynced(page) {
  await page.waitForSelector('[data-testid="save-state"][data-state="synced"]', { timeout: 10000 })
}

async function confirmDialog(page) {
  const btn = page.locator('.van-dialog__confirm:visible').first()
  await btn.waitFor({ timeout: 5000 })
  await btn.click()
}

async function api(method, path, token, body) {
  const res = await fetch(BASE + '/api/v1' + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : null }
}
async function token(user) {
  return (await api('POST', '/auth/login', null, { username: user, password: PASSWORD })).json.access_token
}
async function trainingRatio(basis) {
  const r = await api('GET', `/indicators/training.spend_ratio?period=2025&basis=${basis}`, await token('leader'))
  return r.status === 200 ? r.json.value : `status ${r.status}`
}

let submissionUrl = ''
const ratioBefore = await trainingRatio('approved').catch(() => null)

console.log(`journeys against ${BASE}`)

await step('(a) xhzx logs in, fills teacher-training below 1.5%, sees the warning, submits', async () => {
  const { ctx, page } = await newPage()
  await page.goto(BASE + '/')
  await page.waitForURL(/\/login/)
  await snap(page, 'login')
  await axe(page, 'login')
  await login(page, 'xhzx')
  await page.waitForSelector('[data-testid="task-list"]')
  await snap(page, 'tasks')
  await axe(page, 'tasks')
  await page.getByTestId('task-open-teacher-training').click()
  await page.waitForURL(/\/fill\/\d+/)
  submissionUrl = page.url()
  await page.waitForSelector('[data-testid="form-renderer"]')
  await typeInto(page, 'input-payroll_total', '1000000')
  await typeInto(page, 'input-training_spend', '10000')
  await typeInto(page, 'input-trainees', '40')
  const ratio = await page.getByTestId('input-training_ratio').locator('input').inputValue()
  assert(ratio === '0.0100', 'computed ratio 0.0100, got ' + ratio)
  await page.waitForSelector('[data-testid="issue-training_spend-warning"]')
  const warn = await page.getByTestId('issue-training_spend-warning').textContent()
  assert(warn.includes('1.5%'), 'warning text: ' + warn)
  await waitSynced(page)
  await snap(page, 'fill-warning')
  await axe(page, 'fill')
  await page.getByTestId('submit').click()
  await confirmDialog(page)
  await page.waitForSelector('[data-testid="fill-status"]:has-text("已提交")', { timeout: 10000 })
  await snap(page, 'submitted')
  await ctx.close()
})

process.stdout.write('')
await browser.close()

console.log('\naxe-core results:')
for (const a of axeReport) console.log(`  ${a.page}: ${a.violations} violation(s), ${a.serious} serious/critical${a.ids.length ? ' [' + a.ids.join(', ') + ']' : ''}`)
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
