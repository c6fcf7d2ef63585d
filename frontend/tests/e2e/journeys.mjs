// Browser journeys at 390×844 against a real Tianbao server (BASE_URL), driven by playwright-core
// with Debian's Chromium. Screenshots go to test-artifacts/. Prints "N passed, N failed".
import { chromium } from 'playwright-core'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const BASE = process.env.BASE_URL || 'http://127.0.0.1:18090'
const ART = join(root, 'test-artifacts')
const PASSWORD = 'Demo@2025!'
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
rmSync(ART, { recursive: true, force: true })
mkdirSync(ART, { recursive: true })

const results = []
const axeReport = []
let shot = 0

// ONLY (a regular expression) runs just the journeys whose names match, e.g. ONLY='photo|task list'.
const ONLY = process.env.ONLY ? new RegExp(process.env.ONLY, 'i') : null

async function step(name, fn) {
  if (ONLY && !ONLY.test(name)) return
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
  // Not mid-transition: a dialog fading out has its buttons' text at half contrast, which axe
  // reports as a colour-contrast violation of what no one ever reads (finite animations only: a
  // spinner turns forever).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    null, { timeout: 5000 }).catch(() => {})
  await page.evaluate(axeSource)
  const res = await page.evaluate(async () => {
    // Runs in the page: axe is the window.axe that axeSource defined there, not this function.
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

const clerkJS = new Set()

async function newPage(clerk = false) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true, isMobile: true })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
  if (clerk) {
    page.on('request', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/assets/') && u.pathname.endsWith('.js')) clerkJS.add(u.pathname)
    })
  }
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
  try {
    await page.waitForSelector('[data-testid="save-state"][data-state="synced"]', { timeout: 10000 })
  } catch {
    const el = page.getByTestId('save-state')
    const st = (await el.count()) ? `${await el.getAttribute('data-state')}: ${await el.textContent()}` : 'no save state shown'
    throw new Error('not synced (' + st + ')')
  }
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

const ratioBefore = await trainingRatio('approved').catch(() => null)

console.log(`journeys against ${BASE}`)

/**
 * Counts the clerk's taps in the tab (kept in sessionStorage across the login's navigation): each
 * pointer press, and each field focused without one (Playwright's fill focuses a field as a tap into
 * it would). A focus the app makes itself would count too, so the count errs high, never low.
 */
function countTaps() {
  const key = 'tb.e2e.taps'
  const bump = (what) => sessionStorage.setItem(key, JSON.stringify([...JSON.parse(sessionStorage.getItem(key) || '[]'), what]))
  const name = (el) => el.closest?.('[data-testid]')?.getAttribute('data-testid') || el.tagName?.toLowerCase() || '?'
  let pressed = null
  document.addEventListener('pointerdown', (e) => {
    if (!e.isTrusted) return
    pressed = e.target
    bump('tap ' + name(e.target))
  }, true)
  document.addEventListener('focusin', (e) => {
    const f = e.target
    const byThatTap = pressed && (pressed === f || pressed.contains?.(f) || f.contains?.(pressed) || pressed.closest?.('label')?.contains(f))
    if (e.isTrusted && f.matches?.('input, textarea, select') && !byThatTap) bump('field ' + name(f))
  }, true)
}

await step('(a) xhzx logs in, fills teacher-training below 1.5%, sees the warning, submits', async () => {
  const { ctx, page } = await newPage(true)
  await ctx.addInitScript(countTaps)
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
  await page.waitForSelector('[data-testid="form-renderer"]')
  await typeInto(page, 'input-payroll_total', '1000000')
  await typeInto(page, 'input-training_spend', '10000')
  await typeInto(page, 'input-trainees', '40')
  const ratio = await page.getByTestId('input-training_ratio').locator('input').inputValue()
  assert(ratio === '1.00%', 'computed ratio 1.00% (0.0100 as a percentage), got ' + ratio)
  await page.waitForSelector('[data-testid="issue-training_spend-warning"]')
  const warn = await page.getByTestId('issue-training_spend-warning').textContent()
  assert(warn.includes('1.5%'), 'warning text: ' + warn)
  await waitSynced(page)
  await snap(page, 'fill-warning')
  await axe(page, 'fill')
  await page.getByTestId('submit').click()
  await confirmDialog(page)
  await page.waitForSelector('[data-testid="fill-status"]:has-text("已提交")', { timeout: 10000 })
  // The clerk's path from the login page to a submitted form, in taps (issue 13 counted 10).
  const taps = await page.evaluate(() => JSON.parse(sessionStorage.getItem('tb.e2e.taps') || '[]'))
  console.log(`    clerk: ${taps.length} taps from the login page to a submitted teacher-training form (${taps.join(', ')})`)
  assert(taps.length >= 9 && taps.length <= 10, `the clerk's taps: ${taps.length} (${taps.join(', ')}), want 9–10`)
  // The warning it was submitted with stays at the field, also after a reload.
  await page.reload()
  await page.waitForSelector('[data-testid="issue-training_spend-warning"]', { timeout: 10000 })
  assert((await page.getByTestId('issue-training_spend-warning').textContent()).includes('1.5%'), 'warning kept on the submitted form')
  await snap(page, 'submitted')
  await ctx.close()
})


await step('(b) reviewer returns it with a comment on training_spend', async () => {
  const { ctx, page } = await newPage()
  await login(page, 'reviewer')
  await page.waitForURL(/\/review/)
  // The school forms climb 学区 → 区教委 (review levels): this one waits at the town, so it is not in
  // the bureau's own queue (待我审核); the bureau finds it under 辖区全部 and acts for the town.
  await page.waitForSelector('[data-testid="queue-list"], [data-testid="queue-empty"]')
  await page.getByTestId('scope-all').click()
  await page.waitForSelector('[data-testid="queue-list"]')
  await snap(page, 'review-queue')
  await axe(page, 'review queue')
  await page.getByTestId('open-xhzx-teacher-training').click()
  await page.waitForSelector('[data-testid="review-values"]')
  await page.waitForSelector('[data-testid="review-warnings"]')
  const spend = await page.getByTestId('value-training_spend').textContent()
  // The reviewer reads amounts as people do: thousands separators and two places (format/value.ts).
  assert(spend.includes('10,000.00'), 'spend shown: ' + spend)
  await snap(page, 'review-submission')
  await axe(page, 'review submission')
  await page.getByTestId('return-open').click()
  await page.getByTestId('return-comment').fill('培训经费偏低，请核实后修改。')
  await page.getByTestId('fc-training_spend').fill('培训经费不足工资总额的1.5%，请核实')
  await snap(page, 'review-return-form')
  await axe(page, 'return form')
  await page.getByTestId('return-submit').click()
  await page.waitForSelector('[data-testid="review-status"]:has-text("已退回")')
  await snap(page, 'review-returned')
  await ctx.close()
})

await step('(c) xhzx sees the comment at the field, fixes it, resubmits', async () => {
  const { ctx, page } = await newPage(true)
  await login(page, 'xhzx')
  await page.waitForSelector('[data-testid="task-status-teacher-training"]:has-text("已退回")')
  await page.getByTestId('task-open-teacher-training').click()
  await page.waitForSelector('[data-testid="issue-training_spend-comment"]')
  const c = await page.getByTestId('issue-training_spend-comment').textContent()
  assert(c.includes('请核实'), 'field comment: ' + c)
  await page.waitForSelector('[data-testid="return-comment"]')
  await snap(page, 'returned-with-comment')
  await axe(page, 'returned form')
  await typeInto(page, 'input-training_spend', '20000')
  const ratio = await page.getByTestId('input-training_ratio').locator('input').inputValue()
  assert(ratio === '2.00%', 'ratio after fix ' + ratio)
  assert((await page.getByTestId('issue-training_spend-warning').count()) === 0, 'warning gone')
  await waitSynced(page)
  await page.getByTestId('submit').click()
  await confirmDialog(page)
  await page.waitForSelector('[data-testid="fill-status"]:has-text("已提交")', { timeout: 10000 })
  await page.getByTestId('history-link').click()
  await page.waitForSelector('[data-testid="history-list"]')
  await snap(page, 'history')
  await axe(page, 'history')
  await ctx.close()
})

await step('(d) reviewer sees the change since the last submit and approves', async () => {
  const { ctx, page } = await newPage()
  await login(page, 'reviewer')
  await page.waitForSelector('[data-testid="queue-list"], [data-testid="queue-empty"]')
  await page.getByTestId('scope-all').click()
  await page.waitForSelector('[data-testid="queue-list"]')
  await page.getByTestId('open-xhzx-teacher-training').click()
  await page.waitForSelector('[data-testid="change-training_spend"]')
  const ch = await page.getByTestId('change-training_spend').textContent()
  assert(ch.includes('10,000.00') && ch.includes('20,000.00'), 'change shows the old and new spend, formatted: ' + ch)
  await snap(page, 'review-changes')
  await page.getByTestId('approve').click()
  await confirmDialog(page)
  await page.waitForSelector('[data-testid="review-status"]:has-text("已通过")')
  await snap(page, 'approved')
  await ctx.close()
})

await step('(d2) reviewer opens 审计日志 from the tab bar and finds the approval just made', async () => {
  const { ctx, page } = await newPage()
  await login(page, 'reviewer')
  await page.waitForURL(/\/review/)
  await page.getByTestId('tab-review-audit').click()
  await page.waitForURL(/\/review\/audit/)
  await page.waitForSelector('[data-testid="audit-list"], [data-testid="audit-empty"], [data-testid="audit-error"]')
  assert((await page.getByTestId('audit-list').count()) === 1, 'entries listed: ' + (await page.locator('main').textContent()).slice(0, 200))
  const approval = page.locator('[data-testid="audit-list"] li[data-action="submission.approve"][data-actor="reviewer"][data-org="新华中学"]')
  assert((await approval.count()) >= 1, 'the approval of xhzx by reviewer is listed')
  assert((await approval.first().textContent()).includes('审核通过'), 'action named in words: ' + (await approval.first().textContent()))
  // Filtering by action asks the server again: only approvals come back.
  await page.getByTestId('audit-action').fill('submission.approve')
  await page.getByTestId('audit-search').click()
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-list"] li')]
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-action') === 'submission.approve')
  }, null, { timeout: 10000 })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert(width <= 390, 'no sideways scrolling at 390px: ' + width)
  await snap(page, 'review-audit')
  await axe(page, 'reviewer audit log')
  await ctx.close()
})

await step('(e) leader sees the district training ratio change on the dashboard', async () => {
  const { ctx, page } = await newPage()
  await login(page, 'leader')
  await page.waitForURL(/\/leader/)
  // From the site root too, and with the tab bar to come back by.
  await page.goto(BASE + '/')
  await page.waitForURL(/\/leader$/)
  await page.getByTestId('tab-leader').waitFor()
  const sel = '[data-testid="ind-value-training.spend_ratio"]'
  await page.waitForSelector(sel + ', [data-testid="indicators-unavailable"]')
  await snap(page, 'dashboard')
  await axe(page, 'dashboard')
  if (await page.getByTestId('indicators-unavailable').count()) {
    console.log('    (indicators API unavailable: checked the empty state only)')
    await ctx.close()
    return
  }
  const after = await page.locator(sel).getAttribute('data-value')
  assert(after !== (ratioBefore ?? ''), `ratio changed: before ${ratioBefore}, after ${after}`)
  assert(Number(after) === 0.02, 'district training ratio is 20000/1000000 = 0.02, got ' + after)
  const text = await page.locator(sel).textContent()
  assert(text.includes('2%'), 'shown as a percentage: ' + text)
  await page.getByTestId('basis-all').click()
  await page.waitForURL(/basis=all/)
  await page.waitForSelector(sel)
  await page.getByTestId('ind-link-training.spend_ratio').click()
  await page.waitForSelector('[data-testid="chart-org-type"] canvas', { timeout: 15000 })
  await page.waitForSelector('[data-testid="failing-orgs"]')
  await snap(page, 'indicator-detail')
  await axe(page, 'indicator detail')
  await ctx.close()
})

await step('(f) leader: too few reports read as insufficient data with reported/expected; the detail lists who has not reported', async () => {
  const { ctx, page } = await newPage()
  await login(page, 'leader')
  await page.waitForURL(/\/leader/)
  const card = '[data-testid="ind-training.spend_ratio"]'
  await page.waitForSelector(card + ', [data-testid="indicators-unavailable"]')
  assert((await page.getByTestId('indicators-unavailable').count()) === 0, 'indicators available')
  // One school of the district's schools has an approved teacher-training form.
  assert((await page.locator(card).getAttribute('data-status')) === 'insufficient_data', 'status insufficient_data')
  const headline = (await page.getByTestId('ind-headline-training.spend_ratio').textContent()).trim()
  const m = headline.match(/^数据不足：已报 (\d+) \/ 应报 (\d+)$/)
  assert(m && Number(m[1]) === 1 && Number(m[2]) > 1, 'headline reads as insufficient with reported/expected: ' + headline)
  const comp = page.getByTestId('ind-completeness-training.spend_ratio')
  assert((await comp.getAttribute('data-reported')) === m[1] && (await comp.getAttribute('data-expected')) === m[2], 'completeness bar carries reported/expected')
  assert((await comp.textContent()).includes(`已报 ${m[1]} / 应报 ${m[2]}`), 'completeness text')
  assert((await page.getByTestId('ind-value-training.spend_ratio').getAttribute('data-provisional')) === 'true', 'value marked provisional')
  assert((await page.getByTestId('ind-provisional-training.spend_ratio').textContent()).includes('暂估'), 'provisional badge')
  const tag = (await page.getByTestId('ind-status-training.spend_ratio').textContent()).trim()
  assert(tag.includes('数据不足') && !/已达标|未达标/.test(tag), 'status tag: ' + tag)
  // Every card shows its completeness. Cards render a few at a time, so wait until the list holds as
  // many cards as the 全部 chip counts, and count cards and bars in one evaluation (two separate
  // counts race the next batch).
  const seen = await page.waitForFunction(() => {
    // They are drawn as the reader comes near the cards not drawn yet.
    const more = document.querySelector('[data-testid="indicator-more"]')
    if (more) more.scrollIntoView()
    const all = Number(document.querySelector('[data-testid="filter-all"] .n')?.textContent || 0)
    const lis = document.querySelectorAll('[data-testid="indicator-list"] > li')
    if (!all || lis.length !== all) return null
    return { cards: lis.length, bars: document.querySelectorAll('[data-testid="indicator-list"] > li [data-testid^="ind-completeness-"]').length }
  }, null, { timeout: 30000, polling: 100 }).then((h) => h.jsonValue())
  await page.evaluate(() => window.scrollTo(0, 0))
  assert(seen.cards > 0 && seen.bars === seen.cards, 'completeness on every card: ' + JSON.stringify(seen))
  await page.getByTestId('filter-insufficient').click()
  await page.waitForSelector(card)
  await snap(page, 'dashboard-insufficient')
  await axe(page, 'dashboard (insufficient filter)')
  await page.getByTestId('ind-link-training.spend_ratio').click()
  await page.waitForSelector('[data-testid="missing-orgs"]')
  const missing = (await page.getByTestId('missing-orgs').textContent())
  assert(missing.includes(`（${Number(m[2]) - 1}）`), 'missing orgs counted: ' + missing.slice(0, 60))
  assert((await page.getByTestId('plan-words').textContent()).includes('1.5%'), "the plan's words")
  assert((await page.getByTestId('plan-denominator').textContent()).length > 4, 'denominator rule shown')
  assert((await page.getByTestId('indicator-headline').textContent()).includes('数据不足'), 'detail headline')
  await page.waitForSelector('[data-testid="chart-reporting"] canvas', { timeout: 15000 })
  await snap(page, 'indicator-insufficient')
  await axe(page, 'indicator detail (insufficient)')
  await ctx.close()
})

await step('(f2) leader drill-down at 390×844 and 320×640: tap a town, its schools failing first; a school type opens its figures; no horizontal scroll; axe 0 violations', async () => {
  // The town with reports (basis approved, the page's default) and its schools as the server orders them.
  const tk = await token('leader')
  const byTown = await api('GET', '/indicators/training.spend_ratio?period=2025&basis=approved&group_by=town&page_size=500', tk)
  assert(byTown.status === 200, 'by town: ' + byTown.status)
  const town = byTown.json.groups.find((g) => g.orgs_reporting > 0 && Number(g.key) > 0)
  assert(town, 'a town with reports')
  const schools = await api('GET', `/indicators/training.spend_ratio?period=2025&basis=approved&group_by=org&sort=failing&page_size=20&org_id=${town.key}`, tk)
  assert(schools.status === 200 && schools.json.groups.length > 0, 'the town’s schools from the API: ' + schools.status)
  const { ctx, page } = await newPage()
  await login(page, 'leader')
  for (const [w, h] of [[390, 844], [320, 640]]) {
    await page.setViewportSize({ width: w, height: h })
    await page.goto(BASE + '/leader/training.spend_ratio')
    await page.waitForSelector('[data-testid="chart-town"] canvas', { timeout: 15000 })
    // The list beside the chart is ordered like the bars: failing first.
    const rowStatus = await page.locator('[data-testid="chart-town-list"] > li > button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-status')))
    const rank = { not_met: 0, insufficient_data: 1, unjudged: 2, met: 3 }
    assert(rowStatus.every((s, i) => i === 0 || rank[rowStatus[i - 1]] <= rank[s]), `towns failing first at ${w}: ${rowStatus.join(',')}`)
    // A tap on the chart's first bar row opens that town; closing it puts focus back on its row.
    // (In the middle of the screen, clear of the fixed bars; measured again until it opens, as the
    // page may still be settling above the chart.)
    let tapped = false
    for (let i = 0; i < 5 && !tapped; i++) {
      await page.getByTestId('chart-town').evaluate((el) => el.scrollIntoView({ block: 'center' }))
      const cb = await page.getByTestId('chart-town').boundingBox()
      await page.mouse.click(cb.x + cb.width * 0.7, cb.y + 42)
      tapped = await page.getByTestId('chart-town-drill').waitFor({ timeout: 1500 }).then(() => true, () => false)
    }
    assert(tapped, `a tap on the chart's first bar opens its town at ${w}`)
    assert((await page.locator('[data-testid="chart-town-list"] > li > button').first().getAttribute('aria-expanded')) === 'true', 'the chart tap opened the first town')
    await page.getByTestId('drill-close').click()
    await page.getByTestId('chart-town-drill').waitFor({ state: 'detached' })
    const row = page.getByTestId('chart-town-row-' + town.key)
    const box = await row.boundingBox()
    assert(box && box.height >= 44 && box.width >= 44, `town row at least 44×44 at ${w}: ${JSON.stringify(box)}`)
    await row.click()
    assert((await row.getAttribute('aria-expanded')) === 'true', 'the row says it is open')
    const drill = page.getByTestId('chart-town-drill')
    await drill.locator('[data-testid="drill-orgs"] > li').first().waitFor({ timeout: 10000 })
    const shown = await drill.locator('[data-testid="drill-orgs"] > li').evaluateAll((ls) => ls.map((l) => [l.dataset.testid.slice('drill-org-'.length), l.dataset.status]))
    assert(shown.map((s) => s[0]).join('|') === schools.json.groups.map((g) => g.key).join('|'), `the town's schools as the API lists them: ${JSON.stringify(shown)}`)
    const firstOk = shown.findIndex((s) => s[1] !== 'not_met')
    assert(firstOk === -1 || shown.slice(firstOk).every((s) => s[1] !== 'not_met'), 'failing schools first: ' + JSON.stringify(shown))
    assert((await drill.textContent()).includes(town.label), 'the panel names the town')
    // A school type opens its figures (and its failing schools, from the failing list).
    const typeRow = page.locator('[data-testid="chart-org-type-list"] > li > button').first()
    await typeRow.click()
    await page.getByTestId('chart-org-type-drill').getByTestId('drill-figures').waitFor()
    const sw = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw[0] <= sw[1], `no horizontal scroll at ${w}: scrollWidth ${sw[0]} > innerWidth ${sw[1]}`)
    await snap(page, `indicator-drill-${w}`)
    await axe(page, `indicator drill-down ${w}`)
    const rep = axeReport[axeReport.length - 1]
    assert(rep.violations === 0, `axe at ${w}: ${rep.ids.join(', ')}`)
  }
  await ctx.close()
})

await step("(g) org_admin wlzx opens the my-school page: own figures, own check, the district's value beside them", async () => {
  // wlzx hands in its teacher-training form (2% of payroll) and the reviewer approves it.
  const tok = await token('wlzx')
  const created = await api('POST', '/submissions', tok, { form: 'teacher-training', period: '2025' })
  assert(created.status === 201 || created.status === 200, 'create ' + created.status + ' ' + JSON.stringify(created.json))
  const id = created.json.id
  const saved = await api('PUT', `/submissions/${id}`, tok, { values: { payroll_total: 2000000, training_spend: 40000, trainees: 30 }, version: created.json.version })
  assert(saved.status === 200, 'save ' + saved.status + ' ' + JSON.stringify(saved.json))
  const sub = await api('POST', `/submissions/${id}/submit`, tok, { version: saved.json.version })
  assert(sub.status === 200, 'submit ' + sub.status + ' ' + JSON.stringify(sub.json))
  const ok = await api('POST', `/submissions/${id}/approve`, await token('reviewer'), { version: sub.json.version })
  assert(ok.status === 200, 'approve ' + ok.status + ' ' + JSON.stringify(ok.json))

  const { ctx, page } = await newPage()
  await login(page, 'wlzx')
  await page.waitForURL(/\/tasks/)
  await page.getByTestId('tab-mine').click()
  await page.waitForURL(/\/my/)
  await page.waitForSelector('[data-testid="mine-list"], [data-testid="mine-error"], [data-testid="mine-empty"]')
  assert((await page.getByTestId('mine-list').count()) === 1, 'own indicators listed: ' + (await page.locator('main').textContent()).slice(0, 200))
  const heading = await page.getByTestId('mine-heading').textContent()
  assert(heading.includes('武陵中学'), 'heading names the school: ' + heading)
  const card = page.getByTestId('mine-training.spend_ratio')
  assert((await card.getAttribute('data-check')) === 'pass', 'own check passes: ' + (await card.getAttribute('data-check')))
  const headline = (await page.getByTestId('mine-headline-training.spend_ratio').textContent()).trim()
  assert(headline === '本校达标：2%', 'own headline: ' + headline)
  assert((await page.getByTestId('mine-own-training.spend_ratio').getAttribute('data-value')) === '0.02', 'own value 0.02')
  const district = await page.getByTestId('mine-district-value-training.spend_ratio').getAttribute('data-value')
  assert(district !== '' && Number(district) > 0, 'district value beside it: ' + district)
  const dl = await page.getByTestId('mine-district-training.spend_ratio').textContent()
  assert(/全区已报 \d+ \/ 应报 \d+/.test(dl) && dl.includes('数据不足'), 'district completeness and verdict: ' + dl)
  // A form wlzx has not handed in reads as not reported, not as a failure.
  assert((await page.getByTestId('mine-sports.specialist_schools').getAttribute('data-check')) === 'missing', 'sports not reported yet')
  await snap(page, 'my-school')
  await axe(page, 'my school')
  await ctx.close()
})

await step('autosave survives a reload mid-form (and offline edits reach the server)', async () => {
  const { ctx, page } = await newPage(true)
  await login(page, 'xhzx')
  await page.waitForSelector('[data-testid="task-list"]')
  await page.getByTestId('task-open-teachers').click()
  await page.waitForURL(/\/fill\/\d+/)
  await page.waitForSelector('[data-testid="form-renderer"]')
  const first = page.locator('[data-field-type="integer"] input').first()
  const firstId = await first.getAttribute('id')
  await first.fill('57')
  await page.waitForSelector('[data-testid="save-state"][data-state="local"], [data-testid="save-state"][data-state="saving"], [data-testid="save-state"][data-state="synced"]')
  await page.reload()
  await page.waitForSelector('[data-testid="form-renderer"]')
  assert((await page.locator('#' + firstId).inputValue()) === '57', 'value kept after reload')
  await waitSynced(page)
  // Offline: the edit is kept on the device and the state says so; back online it syncs.
  await ctx.setOffline(true)
  const second = page.locator('[data-field-type="integer"] input').nth(1)
  const secondId = await second.getAttribute('id')
  await second.fill('12')
  await page.waitForSelector('[data-testid="save-state"][data-state="offline"]', { timeout: 10000 })
  await snap(page, 'offline')
  // An offline reload shows the app (the service worker's shell) and the form opened before,
  // with the edit still on the phone.
  assert(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active)), 'service worker active')
  await page.reload()
  await page.waitForSelector('[data-testid="form-renderer"]', { timeout: 10000 })
  assert((await page.locator('#' + secondId).inputValue()) === '12', 'offline edit kept after an offline reload')
  // The task list, offline too, says one change is waiting; back online it goes by itself.
  await page.getByTestId('tab-tasks').click()
  await page.waitForSelector('[data-testid="outbox"]', { timeout: 10000 })
  assert((await page.getByTestId('outbox').textContent()).includes('1'), 'one change waiting: ' + (await page.getByTestId('outbox').textContent()))
  await snap(page, 'outbox')
  await ctx.setOffline(false)
  await page.waitForSelector('[data-testid="outbox"]', { state: 'detached', timeout: 15000 })
  const tok = await token('xhzx')
  const list = (await api('GET', '/tasks?page_size=100', tok)).json.items
  const teachers = list.find((x) => x.form === 'teachers')
  assert(teachers && teachers.submission_id, 'teachers task has a submission: ' + JSON.stringify(teachers))
  const sub = (await api('GET', `/submissions/${teachers.submission_id}`, tok)).json
  assert(Object.values(sub.values).includes(12), 'the offline edit reached the server: ' + JSON.stringify(sub.values))
  await ctx.close()
})

await step('attachments: a photo uploaded from the phone is listed and saved with the form', async () => {
  const { ctx, page } = await newPage(true)
  await login(page, 'xhzx')
  await page.waitForSelector('[data-testid="task-list"]')
  await page.getByTestId('task-open-sports-arts').click()
  await page.waitForSelector('[data-testid="form-renderer"]')
  assert((await page.getByTestId('field-sports_certificate').count()) === 0, 'certificate hidden until specialist')
  await page.getByTestId('input-sports_specialist-yes').click()
  await page.waitForSelector('[data-testid="field-sports_certificate"]')
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
  await page.getByTestId('input-sports_certificate').setInputFiles({ name: '命名文件.png', mimeType: 'image/png', buffer: png })
  await page.waitForSelector('[data-testid="file-sports_certificate-0"]', { timeout: 10000 })
  await waitSynced(page)
  const id = Number(page.url().split('/').pop())
  const sub = (await api('GET', `/submissions/${id}`, await token('xhzx'))).json
  assert(Array.isArray(sub.values.sports_certificate) && sub.values.sports_certificate[0].name === '命名文件.png', 'attachment saved: ' + JSON.stringify(sub.values.sports_certificate))
  await snap(page, 'attachment')
  await axe(page, 'fill with attachment')
  await ctx.close()
})

await step('two phones on one form: different fields both survive, the same field is chosen per field', async () => {
  // Both phones of the school open the students form before either saves.
  const a = await newPage(true)
  const b = await newPage(true)
  for (const p of [a.page, b.page]) {
    await login(p, 'xhzx')
    await p.waitForSelector('[data-testid="task-list"]')
    await p.getByTestId('task-open-students').click()
    await p.waitForURL(/\/fill\/\d+/)
    await p.waitForSelector('[data-testid="form-renderer"]')
  }
  const id = Number(a.page.url().split('/').pop())
  const total = (p) => p.getByTestId('field-students_total').locator('input').first()
  // A enters the total; B, still on the version it loaded, answers another question.
  await total(a.page).fill('800')
  await waitSynced(a.page)
  await b.page.getByTestId('input-labour_practice_base-yes').click()
  await waitSynced(b.page)
  await b.page.waitForFunction(() => document.querySelector('[data-testid="field-students_total"] input')?.value === '800', null, { timeout: 10000 })
  const tok = await token('xhzx')
  let cur = (await api('GET', `/submissions/${id}`, tok)).json
  assert(cur.values.students_total === 800 && cur.values.labour_practice_base === true, 'both edits kept: ' + JSON.stringify(cur.values))
  const hist = (await api('GET', `/submissions/${id}/history`, tok)).json
  assert(hist.items.some((h) => h.action === 'merge'), 'the merge is in the history')

  // Now both change the same answer: B is asked, for that answer only, which to keep.
  await total(a.page).fill('900')
  await waitSynced(a.page)
  await total(b.page).fill('850')
  await b.page.waitForSelector('[data-testid="edit-conflict-dialog"] [data-testid="choose-students_total"]', { timeout: 10000 })
  const text = await b.page.getByTestId('choose-students_total').textContent()
  assert(text.includes('850') && text.includes('900'), 'chooser shows mine and theirs: ' + text)
  assert((await b.page.locator('[data-testid^="choose-"][data-testid$="-mine"]').count()) === 1, 'only the one conflicting answer is asked')
  await snap(b.page, 'conflict')
  await axe(b.page, 'edit conflict dialog')
  await b.page.getByTestId('choose-students_total-mine').check()
  await b.page.getByTestId('merge-apply').click()
  await waitSynced(b.page)
  cur = (await api('GET', `/submissions/${id}`, tok)).json
  assert(cur.values.students_total === 850 && cur.values.labour_practice_base === true, 'the chosen value and the rest: ' + JSON.stringify(cur.values))

  // Once A completes and submits, B is never offered an overwrite.
  const done = await api('PUT', `/submissions/${id}`, tok, { values: { ...cur.values, students_out_of_district: 12 }, version: cur.version })
  assert(done.status === 200, 'complete ' + done.status)
  const sent = await api('POST', `/submissions/${id}/submit`, tok, { version: done.json.version })
  assert(sent.status === 200, 'submit ' + sent.status + ' ' + JSON.stringify(sent.json))
  await total(b.page).fill('851')
  await b.page.waitForSelector('[data-testid="save-state"][data-state="error"]', { timeout: 10000 })
  assert((await b.page.getByTestId('edit-conflict-dialog').count()) === 0 || !(await b.page.getByTestId('edit-conflict-dialog').isVisible()), 'no chooser for a submitted form')
  assert((await b.page.getByTestId('conflict-keep-mine').count()) === 0 || !(await b.page.getByTestId('conflict-keep-mine').isVisible()), 'no overwrite offered')
  await a.ctx.close()
  await b.ctx.close()
})

await step('form versions: a draft keeps its version after a new one is published, then the clerk upgrades it', async () => {
  // xhzx fills family-school on the current version, through the API.
  const tok = await token('xhzx')
  const opened = await api('POST', '/submissions', tok, { form: 'family-school', period: '2025' })
  assert(opened.status === 201 || opened.status === 200, 'open family-school ' + opened.status)
  const id = opened.json.id
  const pinned = opened.json.form_version
  const saved = await api('PUT', `/submissions/${id}`, tok, {
    values: { has_parent_school: true, has_parent_committee: true, meetings_held: 4, home_visits: 120 }, version: opened.json.version,
  })
  assert(saved.status === 200, 'save ' + saved.status + ' ' + JSON.stringify(saved.json))
  // The admin publishes a new version: meetings_held removed (no indicator reads it), a note added.
  const adminTok = await token('admin')
  const cur = (await api('GET', '/forms/family-school', adminTok)).json
  const next = { ...cur, fields: cur.fields.filter((f) => f.key !== 'meetings_held').concat([{ key: 'e2e_note', label: '备注', label_en: 'Note', type: 'text' }]) }
  const imported = await api('POST', '/forms', adminTok, next)
  assert(imported.status === 201 && imported.json.version > pinned, 'import ' + imported.status + ' ' + JSON.stringify(imported.json))

  const { ctx, page } = await newPage(true)
  await login(page, 'xhzx')
  await page.goto(BASE + '/fill/' + id)
  await page.waitForSelector('[data-testid="form-renderer"]')
  // The page renders the pinned version, not the newest, and offers the upgrade.
  await page.waitForSelector('[data-testid="upgrade-banner"]')
  assert((await page.getByTestId('field-meetings_held').count()) === 1, 'pinned version shows meetings_held')
  assert((await page.getByTestId('field-e2e_note').count()) === 0, 'pinned version has no e2e_note')
  await typeInto(page, 'input-home_visits', '130')
  await waitSynced(page) // saving on the pinned version works (no 422 unknown_field)
  await snap(page, 'fill-upgrade-banner')
  await axe(page, 'fill with upgrade banner')
  await page.getByTestId('upgrade').click()
  await confirmDialog(page)
  await page.waitForSelector('[data-testid="upgrade-done"]', { timeout: 10000 })
  const dropped = await page.getByTestId('dropped-meetings_held').textContent()
  assert(dropped.includes('本年度召开家长会次数') && dropped.includes('新版本已删除此项'), 'dropped field listed: ' + dropped)
  assert((await page.getByTestId('upgrade-banner').count()) === 0, 'banner gone after the upgrade')
  await page.waitForSelector('[data-testid="field-e2e_note"]')
  assert((await page.getByTestId('field-meetings_held').count()) === 0, 'meetings_held gone after the upgrade')
  assert((await page.getByTestId('input-home_visits').locator('input').inputValue()) === '130', 'home_visits kept')
  await snap(page, 'fill-upgraded')
  // The confirm dialog fades out (opacity): axe would read its buttons' contrast mid-fade.
  await page.waitForFunction(() => [...document.querySelectorAll('.van-dialog, .van-overlay')].every((d) => getComputedStyle(d).display === 'none'), null, { timeout: 5000 })
  await axe(page, 'fill after upgrade')
  await typeInto(page, 'input-e2e_note', '升级后补充')
  await waitSynced(page)
  const after = (await api('GET', `/submissions/${id}`, tok)).json
  assert(after.form_version === imported.json.version && after.values.home_visits === 130 && after.values.e2e_note === '升级后补充' && !('meetings_held' in after.values),
    'server state after the upgrade: ' + JSON.stringify(after))
  const hist = (await api('GET', `/submissions/${id}/history`, tok)).json
  assert(hist.items.some((r) => r.action === 'upgrade'), 'history has the upgrade')
  await ctx.close()
})

await step('forced password change: a password reset by the admin must be changed at the next login', async () => {
  // The admin sets a one-time password for syyey through the API.
  const adminTok = await token('admin')
  const list = await api('GET', '/users?q=syyey', adminTok)
  assert(list.status === 200, 'list users ' + list.status)
  const u = list.json.items.find((x) => x.username === 'syyey')
  assert(u, 'syyey exists: ' + JSON.stringify(list.json.items.map((x) => x.username)))
  const oneTime = 'Reset#' + Date.now().toString(36) + 'x'
  const reset = await api('POST', `/users/${u.id}/reset-password`, adminTok, { password: oneTime })
  assert(reset.status >= 200 && reset.status < 300, 'reset-password ' + reset.status + ' ' + JSON.stringify(reset.json))

  const { ctx, page } = await newPage()
  await page.goto(BASE + '/login')
  await page.getByTestId('login-username').locator('input').fill('syyey')
  await page.getByTestId('login-password').locator('input').fill(oneTime)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/password/, { timeout: 10000 })
  await page.waitForSelector('[data-testid="password-forced"]')
  assert((await page.getByTestId('task-list').count()) === 0 && (await page.getByTestId('tasks-empty').count()) === 0, 'not on the tasks page')
  // Going to the tasks page by hand leads back to the password page.
  await page.goto(BASE + '/tasks')
  await page.waitForURL(/\/password/, { timeout: 10000 })
  await page.waitForSelector('[data-testid="pw-current"]')
  await snap(page, 'password-forced')
  await axe(page, 'password (forced)')

  const fill = async (cur, next) => {
    await page.getByTestId('pw-current').locator('input').fill(cur)
    await page.getByTestId('pw-new').locator('input').fill(next)
    await page.getByTestId('pw-repeat').locator('input').fill(next)
    await page.getByTestId('pw-submit').click()
  }
  const noRawCode = (msg) => !/[a-z]+_[a-z_]+/.test(msg)
  const newPw = 'Changed#' + Date.now().toString(36)

  // A wrong current password: a sentence, not a code.
  await fill('not-the-password', newPw)
  await page.waitForSelector('[data-testid="pw-error"]')
  const wrong = (await page.getByTestId('pw-error').textContent()).trim()
  assert(wrong === '当前密码不正确', 'wrong current password sentence: ' + wrong)
  assert(page.url().includes('/password'), 'still on the password page')
  await snap(page, 'password-wrong-current')
  await axe(page, 'password (wrong current)')

  // A too-short new password: a sentence.
  await fill(oneTime, 'short1!')
  await page.waitForSelector('[data-testid="pw-error"]:has-text("10")')
  const short = (await page.getByTestId('pw-error').textContent()).trim()
  assert(short === '密码至少需要10位' && noRawCode(short), 'too-short sentence: ' + short)
  assert(page.url().includes('/password'), 'still on the password page')
  await snap(page, 'password-too-short')

  // A valid change lands on syyey's tasks.
  await fill(oneTime, newPw)
  await page.waitForURL(/\/tasks/, { timeout: 10000 })
  await page.waitForSelector('[data-testid="task-list"], [data-testid="tasks-empty"]')
  assert((await page.getByTestId('password-forced').count()) === 0, 'no forced notice any more')
  // The "password changed" toast is checked by axe too, once its fade-in is over.
  await page.waitForSelector('.van-toast[role="status"]:has-text("密码已修改")')
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
  const me = await page.evaluate(async () => {
    const r = await fetch('/api/v1/me', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('tb.access') } })
    return { status: r.status, body: await r.json() }
  })
  assert(me.status === 200 && me.body.username === 'syyey' && me.body.must_change_password === false, 'me after change: ' + JSON.stringify(me))
  await snap(page, 'password-changed-tasks')
  await axe(page, 'tasks after password change')

  // Log out and back in with the new password: straight to the tasks. A draft left on this
  // phone is cleared by the logout, after a warning that names it.
  await page.evaluate(() => localStorage.setItem('tb.draft.999999', JSON.stringify({ id: 999999, base: 1, values: { a: 1 }, dirty: true, at: 0 })))
  await page.getByTestId('logout').click()
  await page.locator('.van-dialog__confirm:visible').first().waitFor({ timeout: 5000 })
  assert((await page.locator('.van-dialog:visible').textContent()).includes('1'), 'the warning counts the unsynced draft')
  await page.locator('.van-dialog__confirm:visible').first().click()
  await page.waitForURL(/\/login/)
  assert((await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tb.draft.')).length)) === 0, 'drafts cleared on logout')
  await page.getByTestId('login-username').locator('input').fill('syyey')
  await page.getByTestId('login-password').locator('input').fill(newPw)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/tasks/, { timeout: 10000 })
  await page.waitForSelector('[data-testid="task-list"], [data-testid="tasks-empty"]')
  assert(!page.url().includes('/password'), 'no detour through the password page')
  // The old one-time password no longer works.
  const old = await api('POST', '/auth/login', null, { username: 'syyey', password: oneTime })
  assert(old.status === 401, 'one-time password refused after the change: ' + old.status)
  await ctx.close()
})

await step('admin: org tree, users, form import (YAML), opening a campaign and the audit tab; axe on each tab', async () => {
  const { ctx, page } = await newPage()
  await login(page, 'admin')
  await page.waitForURL(/\/admin/)
  await page.waitForSelector('[data-testid="org-xhzx"]')
  await snap(page, 'admin-orgs')
  await axe(page, 'admin orgs')
  await page.getByTestId('admin-tab-users').click()
  await page.waitForSelector('[data-testid="user-xhzx"]')
  await axe(page, 'admin users')
  await page.getByTestId('admin-tab-forms').click()
  const code = 'e2e-form-' + Date.now().toString(36)
  await page.getByTestId('form-yaml').fill(`code: ${code}\nversion: 1\ntitle: 端到端测试表\ntitle_en: End-to-end test form\nperiod_type: year\norg_types: [senior]\nfields:\n  - key: n\n    label: 数量\n    label_en: Count\n    type: integer\n    required: true\n`)
  await page.getByTestId('form-import').click()
  await page.waitForSelector(`[data-testid="admin-message"]:has-text("${code}")`)
  await axe(page, 'admin forms')
  await page.getByTestId('admin-tab-campaigns').click()
  await page.getByTestId('camp-form').selectOption(code)
  await page.getByTestId('camp-period').fill('2025')
  await page.getByTestId('camp-title').fill('端到端测试任务')
  await page.getByTestId('camp-deadline').fill(new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10))
  await page.getByTestId('camp-create').click()
  await page.waitForSelector('[data-testid="admin-campaigns"] li:has-text("端到端测试任务")')
  await snap(page, 'admin-campaigns')
  await axe(page, 'admin campaigns')
  // The audit tab is the same component as the reviewer's page, with the user list to filter by.
  await page.getByTestId('admin-tab-audit').click()
  await page.waitForSelector('[data-testid="audit-list"] li[data-action="campaign.create"][data-actor="admin"]')
  await page.getByTestId('audit-actor').selectOption({ label: 'xhzx' })
  await page.getByTestId('audit-search').click()
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-list"] li')]
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-actor') === 'xhzx')
  }, null, { timeout: 10000 })
  await snap(page, 'admin-audit')
  await axe(page, 'admin audit')
  await ctx.close()
})

await step('English switch: UI and Vant texts change, errors are sentences', async () => {
  const { ctx, page } = await newPage()
  await page.goto(BASE + '/login')
  await page.getByTestId('lang-switch').click()
  await page.waitForSelector('[data-testid="login-submit"]:has-text("Log in")')
  await page.getByTestId('login-username').locator('input').fill('xhzx')
  await page.getByTestId('login-password').locator('input').fill('wrong-password')
  await page.getByTestId('login-submit').click()
  await page.waitForSelector('[data-testid="login-error"]')
  const msg = await page.getByTestId('login-error').textContent()
  assert(msg === 'Wrong username or password.', 'translated error: ' + msg)
  await login(page, 'xhzx')
  await page.waitForSelector('[data-testid="task-list"]')
  await page.getByTestId('task-open-teacher-training').click()
  await page.waitForSelector('[data-testid="form-renderer"]')
  const label = await page.locator('label[for="f-payroll_total"]').textContent()
  assert(label.includes('Total teacher payroll'), 'English label: ' + label)
  await snap(page, 'english-form')
  await axe(page, 'fill (English)')
  await ctx.close()
})
await step('every role\'s screens at 320×640 and 390×844, in Chinese and English: no horizontal scroll, every control at least 44×44', async () => {
  // The clerk's teacher-training form (opened in (a)); the others are each role's home.
  const clerk = await api('POST', '/auth/login', null, { username: 'xhzx', password: PASSWORD })
  const tasks = await api('GET', '/tasks?page_size=100', clerk.json.access_token)
  const tt = tasks.json.items.find((x) => x.form === 'teacher-training')
  assert(tt && tt.submission_id, 'the clerk has a teacher-training submission')
  const screens = [
    { name: 'login', user: null, path: '/login', wait: '[data-testid="login-submit"]' },
    { name: 'tasks', user: 'xhzx', path: '/tasks', wait: '[data-testid="task-list"]' },
    { name: 'fill', user: 'xhzx', path: '/fill/' + tt.submission_id, wait: '[data-testid="form-renderer"]' },
    { name: 'review', user: 'reviewer', path: '/review', wait: '[data-testid="queue-list"], [data-testid="queue-empty"]' },
    { name: 'leader', user: 'leader', path: '/leader', wait: '[data-testid="period"]' },
    { name: 'admin', user: 'admin', path: '/admin', wait: '[data-testid="admin-tab-orgs"]' },
  ]
  const problems = []
  for (const lang of ['zh-CN', 'en']) {
    for (const [w, h] of [[320, 640], [390, 844]]) {
      for (const s of screens) {
        const ctx = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1, locale: lang, hasTouch: true, isMobile: true })
        const page = await ctx.newPage()
        const tk = s.user ? (await api('POST', '/auth/login', null, { username: s.user, password: PASSWORD })).json : null
        // The session as the app keeps it (client.ts, stores/auth.ts) and the language (i18n).
        await page.addInitScript(([tk, lang]) => {
          localStorage.setItem('tb.lang', lang)
          if (tk && !sessionStorage.getItem('tb.access')) {
            sessionStorage.setItem('tb.access', tk.access_token)
            localStorage.setItem('tb.refresh', tk.refresh_token)
            localStorage.setItem('tb.user', JSON.stringify(tk.user))
          }
        }, [tk, lang])
        await page.goto(BASE + s.path)
        await page.waitForSelector(s.wait, { timeout: 15000 })
        await page.waitForLoadState('networkidle').catch(() => {})
        const r = await page.evaluate(() => {
          const small = []
          const shown = (el) => {
            const st = getComputedStyle(el)
            const b = el.getBoundingClientRect()
            return st.visibility !== 'hidden' && st.display !== 'none' && b.width > 0 && b.height > 0
          }
          const sel = 'button, a[href], input[type=radio], input[type=checkbox], select, [role=button], [role=radio], [role=checkbox], [role=tab]'
          for (const el of document.querySelectorAll(sel)) {
            if (!shown(el)) continue
            let b = el.getBoundingClientRect()
            // A small box passes when its clickable label (or the Vant radio it sits in) is big enough.
            if (b.width < 44 || b.height < 44) {
              const labs = [el.closest('label, .van-radio, .van-checkbox'), el.id && document.querySelector(`label[for="${el.id}"]`)]
              for (const lab of labs) {
                const lb = lab ? lab.getBoundingClientRect() : null
                if (lb && Math.min(lb.width, lb.height) > Math.min(b.width, b.height)) b = lb
              }
            }
            if (b.width < 43.5 || b.height < 43.5) {
              const name = (el.getAttribute('data-testid') || el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 24)
              small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(b.width)}×${Math.round(b.height)}`)
            }
          }
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, small: [...new Set(small)] }
        })
        if (lang === 'en' && w === 390) await snap(page, `a11y-${s.name}-en`)
        if (r.scrollWidth > r.innerWidth) problems.push(`${s.name} ${lang} ${w}px: scrollWidth ${r.scrollWidth} > ${r.innerWidth}`)
        if (r.small.length) problems.push(`${s.name} ${lang} ${w}px: under 44×44: ${r.small.join('; ')}`)
        await ctx.close()
      }
    }
  }
  assert(problems.length === 0, '\n      ' + problems.join('\n      '))
})
// Journeys kept in their own files, one per area (*.journey.mjs): each default-exports an async function that
// receives these helpers and calls step() for each journey.
for (const f of readdirSync(here).filter((n) => n.endsWith('.journey.mjs')).sort()) {
  const mod = await import(join(here, f))
  await mod.default({ BASE, PASSWORD, ART, browser, step, assert, snap, axe, newPage, login, typeInto, waitSynced, confirmDialog, api, token })
}
await browser.close()

await step("the clerk's path loads under 200 KB of gzipped JavaScript", async () => {
  const dist = process.env.DIST_DIR || join(root, 'dist')
  let total = 0
  const rows = []
  for (const p of [...clerkJS].sort()) {
    const buf = readFileSync(join(dist, p))
    const gz = gzipSync(buf, { level: 9 }).length
    total += gz
    rows.push(`    ${p}  ${(buf.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`)
  }
  console.log(rows.join('\n'))
  console.log(`    clerk path: ${clerkJS.size} JS files, ${(total / 1024).toFixed(1)} KB gzipped`)
  assert(clerkJS.size > 0, 'recorded the JS the clerk loaded')
  assert(![...clerkJS].some((p) => /BarChart|echarts|Admin|Dashboard/.test(p)), 'no chart or admin code on the clerk path')
  assert(total < 200 * 1024, 'under 200 KB gzipped')
})

console.log('\naxe-core results:')
for (const a of axeReport) console.log(`  ${a.page}: ${a.violations} violation(s), ${a.serious} serious/critical${a.ids.length ? ' [' + a.ids.join(', ') + ']' : ''}`)
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
