// Dark mode on every screen (issue 13): a phone set to dark (colorScheme 'dark', no pick kept, so the app
// follows the system) visits each role's screens — the clerk's tasks, a form, history, inbox and school
// page; the school admin's /my, measures, a form's repeat-row delete confirm (named; cancel keeps the row)
// and admin tabs; the reviewer's queue, a review and the audit log; the leader's dashboard, an indicator's
// detail, the measures board and the notices; the admin's tabs, deliveries and notification settings — and runs axe on each, failing on any
// violation of any impact (color-contrast first among them). Every screen's problems are collected so one
// run names them all.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const axeSource = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

/** A 390×844 zh-CN phone whose system asks for dark. */
async function darkPhone(t) {
  const ctx = await t.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, colorScheme: 'dark', locale: 'zh-CN', isMobile: true, hasTouch: true })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
  return { ctx, page }
}

/** Every axe violation of any impact on the page, as short strings (empty: clean). */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => `${v.id}(${v.impact}) ×${v.nodes.length}: ` + v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' — ' + (n.any[0]?.message ?? n.none[0]?.message ?? '').slice(0, 120)).join(' | '))
  })
}

/** Checks one screen: dark theme in force, a screenshot, axe with no violation; problems go to out. */
async function check(t, page, label, out) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(300) // transitions (tab bar, dialogs) settle before colours are read
  const dark = await page.evaluate(() => document.documentElement.classList.contains('van-theme-dark'))
  if (!dark) out.push(`${label}: not in the dark theme`)
  await t.snap(page, 'dark-' + label.replace(/[^\w-]+/g, '-'))
  for (const v of await violations(page)) out.push(`${label}: ${v}`)
}

/** Goes to path and waits for sel; a screen that does not come up is a problem, not a crash. */
async function visit(t, page, path, sel, label, out) {
  await page.goto(t.BASE + path)
  try {
    await page.waitForSelector(sel, { timeout: 15000 })
  } catch {
    out.push(`${label}: ${sel} did not appear at ${path}`)
    return false
  }
  await check(t, page, label, out)
  return true
}

function verdict(t, out) {
  t.assert(out.length === 0, `${out.length} problem(s) in dark mode:\n      ` + out.join('\n      '))
}

export default async (t) => {
  await t.step('dark mode: the clerk (tasks, a form, history, inbox, /my) passes axe with 0 violations', async () => {
    const out = []
    const { ctx, page } = await darkPhone(t)
    await t.login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]', { timeout: 15000 })
    await check(t, page, 'clerk-tasks', out)
    await page.getByTestId('task-open-teacher-training').click()
    await page.waitForURL(/\/fill\/\d+/)
    await page.waitForSelector('[data-testid="form-renderer"]')
    await check(t, page, 'clerk-fill', out)
    await visit(t, page, new URL(page.url()).pathname.replace('/fill/', '/history/'), '[data-testid="history-list"], .van-empty', 'clerk-history', out)
    await visit(t, page, '/inbox', '[data-testid="inbox-list"], [data-testid="inbox-empty"]', 'clerk-inbox', out)
    await visit(t, page, '/my', '[data-testid="mine-list"], [data-testid="mine-empty"], [data-testid="mine-error"]', 'clerk-my', out)
    await ctx.close()
    verdict(t, out)
  })

  await t.step('dark mode: the school admin (/my, its measures, a form\'s repeat-row delete confirm, admin tabs) passes axe with 0 violations', async () => {
    const out = []
    const { ctx, page } = await darkPhone(t)
    await t.login(page, 'wlzx')
    await visit(t, page, '/my', '[data-testid="mine-list"], [data-testid="mine-empty"], [data-testid="mine-error"]', 'school-my', out)
    await visit(t, page, '/measures/mine', '[data-testid="my-measures"], [data-testid="no-measures"]', 'school-measures', out)
    // A form with a repeat group (compulsory, a junior school's): add a row, tap delete; the named confirm
    // dialog is readable in dark, cancel keeps the row, confirm removes it.
    await page.goto(t.BASE + '/tasks')
    await page.waitForSelector('[data-testid="task-open-compulsory"]', { timeout: 15000 })
    await page.getByTestId('task-open-compulsory').click()
    await page.waitForURL(/\/fill\/\d+/)
    await page.waitForSelector('[data-testid="add-row-grades"]', { timeout: 15000 })
    const before = await page.locator('[data-testid^="row-grades-"]').count()
    await page.getByTestId('add-row-grades').click()
    await page.waitForSelector(`[data-testid="row-grades-${before}"]`)
    await page.getByTestId(`remove-row-grades-${before}`).click()
    await page.locator('.van-dialog__cancel:visible').first().waitFor({ timeout: 5000 })
    const name = await page.evaluate(() => {
      const d = [...document.querySelectorAll('.van-dialog[role="dialog"]')].find((x) => getComputedStyle(x).display !== 'none')
      const id = d?.getAttribute('aria-labelledby')
      return id ? document.getElementById(id)?.textContent ?? '' : ''
    })
    t.assert(name.includes(String(before + 1)), `repeat-row confirm: dialog named "${name}", want it to name row ${before + 1}`)
    await check(t, page, 'school-repeat-row-confirm', out)
    await page.locator('.van-dialog__cancel:visible').first().click()
    await page.locator('.van-dialog').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
    t.assert((await page.locator('[data-testid^="row-grades-"]').count()) === before + 1, 'cancel keeps the row')
    await page.getByTestId(`remove-row-grades-${before}`).click()
    await page.locator('.van-dialog__confirm:visible').first().click()
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="row-grades-"]').length === n, before, { timeout: 5000 })
    if (await visit(t, page, '/admin', '[data-testid="org-wlzx"]', 'school-admin-orgs', out)) {
      await page.getByTestId('admin-tab-users').click()
      await page.waitForSelector('[data-testid="user-wlzx"]', { timeout: 15000 }).catch(() => {})
      await check(t, page, 'school-admin-users', out)
    }
    await ctx.close()
    verdict(t, out)
  })

  await t.step('dark mode: the reviewer (queue, a review and its return form, audit log) passes axe with 0 violations', async () => {
    const out = []
    const { ctx, page } = await darkPhone(t)
    await t.login(page, 'reviewer')
    await visit(t, page, '/review', '[data-testid="queue-list"], [data-testid="queue-empty"]', 'reviewer-queue', out)
    // A submission to review: the first in the queue, or every status when nothing waits.
    let link = page.locator('[data-testid^="open-"]').first()
    if (!(await link.count())) {
      const rev = await t.token('reviewer')
      const q = await t.api('GET', '/submissions?page_size=1', rev)
      const id = q.json?.items?.[0]?.id
      if (id) await page.goto(t.BASE + '/review/' + id)
      else out.push('no submission to review')
    } else await link.click()
    if (await page.waitForSelector('[data-testid="review-values"]', { timeout: 15000 }).then(() => true, () => false)) {
      await check(t, page, 'reviewer-review', out)
      if (await page.getByTestId('return-open').count()) {
        await page.getByTestId('return-open').click()
        await page.waitForSelector('[data-testid="return-comment"]', { timeout: 5000 })
        await check(t, page, 'reviewer-return-form', out)
        await page.getByTestId('return-cancel').click().catch(() => {})
      }
    }
    await visit(t, page, '/review/audit', '[data-testid="audit-list"], [data-testid="audit-empty"], [data-testid="audit-error"]', 'reviewer-audit', out)
    await ctx.close()
    verdict(t, out)
  })

  await t.step('dark mode: the leader (dashboard, an indicator detail, measures board, notices) passes axe with 0 violations', async () => {
    const out = []
    const { ctx, page } = await darkPhone(t)
    await t.login(page, 'leader')
    await visit(t, page, '/leader', '[data-testid="indicator-list"], [data-testid="indicators-empty"], [data-testid="indicators-unavailable"]', 'leader-dashboard', out)
    await visit(t, page, '/leader/training.spend_ratio', '[data-testid="indicator-headline"], [data-testid="indicator-error"]', 'leader-indicator', out)
    await visit(t, page, '/measures', '[data-testid="board-measures"]', 'leader-measures', out)
    await visit(t, page, '/notices', '[data-testid="notice-list"], [data-testid^="notices-"]', 'leader-notices', out)
    await visit(t, page, '/inbox', '[data-testid="inbox-list"], [data-testid="inbox-empty"]', 'leader-inbox', out)
    await ctx.close()
    verdict(t, out)
  })

  await t.step('dark mode: the admin (every admin tab, deliveries, notification settings) passes axe with 0 violations', async () => {
    const out = []
    const { ctx, page } = await darkPhone(t)
    await t.login(page, 'admin')
    if (await visit(t, page, '/admin', '[data-testid="org-xhzx"]', 'admin-orgs', out)) {
      for (const tab of ['users', 'campaigns', 'imports', 'forms', 'audit']) {
        await page.getByTestId('admin-tab-' + tab).click()
        await page.waitForSelector(`[data-testid="admin-tab-${tab}"][aria-selected="true"]`)
        if (tab === 'users') await page.waitForSelector('[data-testid="user-xhzx"]', { timeout: 15000 }).catch(() => {})
        await check(t, page, 'admin-' + tab, out)
      }
      await page.getByTestId('admin-tab-orgs').click()
      await page.waitForSelector('[data-testid="org-xhzx"]')
      for (const s of ['org-new-open', 'org-edit-open']) if (await page.getByTestId(s).count()) await page.getByTestId(s).first().click()
      await check(t, page, 'admin-org-forms', out)
    }
    await visit(t, page, '/admin/deliveries', '[data-testid="deliveries-status"]', 'admin-deliveries', out)
    await visit(t, page, '/settings/notifications', 'main', 'admin-notify-settings', out)
    await ctx.close()
    verdict(t, out)
  })
}
