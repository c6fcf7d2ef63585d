// Single sign-on, the administrator's side (issue 18), against a Tianbao configured with a real
// OpenID provider (backend/sso/testop, mockoidc), since without one there is nothing to link:
// the sysadmin links the provider's identity to the clerk xhzx under his row in the users tab,
// the clerk then signs in with one tap, and the admin unlinks it after a confirmation; the admin
// requires single sign-on for 新华中学 in the orgs tab (the clerk's password is then refused) and
// lifts it; the org admin of 武陵中学 does so for his own org only and sees only his accounts; the
// header's key leads to /settings/sign-in. 390 and 320 px, Chinese and English, light and dark,
// 44-px controls, no horizontal scroll, axe clean.

import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { quietPort } from './ports.mjs'

const repo = path.resolve(import.meta.dirname, '../../..')

function startOP(bin) {
  const op = spawn(bin, [], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: op.stdout })
    rl.once('line', (line) => resolve({ op, cfg: JSON.parse(line) }))
    op.once('exit', (code) => reject(new Error('test provider exited ' + code)))
  })
}

async function waitHealthy(base) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('the server with a provider did not start')
}

/** axe reads colours: waits until every confirm dialog has faded out (mid-fade its text fails contrast). */
async function dialogsGone(page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running') &&
    [...document.querySelectorAll('.van-dialog')].every((d) => getComputedStyle(d).display === 'none'), null, { timeout: 10000 })
}

export default async (t) => {
  const { step, assert, snap, axe, browser, PASSWORD } = t

  async function open(base, w, lang, dark = false) {
    const ctx = await browser.newContext({ viewport: { width: w, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true, isMobile: true, colorScheme: dark ? 'dark' : 'light' })
    const page = await ctx.newPage()
    page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
    await page.addInitScript((l) => localStorage.setItem('tb.lang', l), lang)
    return { ctx, page }
  }
  async function login(base, page, user) {
    await page.goto(base + '/login')
    await page.getByTestId('login-username').locator('input').fill(user)
    await page.getByTestId('login-password').locator('input').fill(PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 })
  }
  async function noHScroll(page, label) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
  }
  async function big(loc, label) {
    const box = await loc.boundingBox()
    assert(box && box.width >= 44 && box.height >= 44, `${label}: ${JSON.stringify(box)}`)
  }

  await step('sso admin: links an identity to a user and unlinks it, requires single sign-on for an org and lifts it; the header leads to /settings/sign-in (390/320, zh/en, dark, axe)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tb-sso-admin-'))
    const procs = []
    try {
      execFileSync('go', ['build', '-o', path.join(dir, 'testop'), './backend/sso/testop'], { cwd: repo, stdio: 'inherit' })
      execFileSync('go', ['build', '-tags', 'embedspa', '-o', path.join(dir, 'tianbao'), './backend/cmd/tianbao'], { cwd: repo, stdio: 'inherit' })
      const { op, cfg } = await startOP(path.join(dir, 'testop'))
      procs.push(op)
      const port = await quietPort()
      const base = `http://127.0.0.1:${port}`
      const server = spawn(path.join(dir, 'tianbao'), ['serve'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, TIANBAO_DEMO: '1', TIANBAO_DEMO_DATA: '0', TIANBAO_DB: `sqlite:${dir}/tianbao.db`, TIANBAO_DATA_DIR: `${dir}/data`,
          TIANBAO_ADDR: `127.0.0.1:${port}`, TIANBAO_LOG_LEVEL: 'error', TIANBAO_NOTIFY: '0',
          TIANBAO_OIDC_ISSUER: cfg.issuer, TIANBAO_OIDC_CLIENT_ID: cfg.client_id, TIANBAO_OIDC_CLIENT_SECRET: cfg.client_secret,
          TIANBAO_OIDC_REDIRECT_URL: `${base}/sso/callback`, TIANBAO_OIDC_NAME: '政务平台' },
      })
      procs.push(server)
      await waitHealthy(base)
      const call = async (method, p, token, body) => {
        const res = await fetch(base + '/api/v1' + p, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) }, body: body ? JSON.stringify(body) : undefined })
        const text = await res.text()
        return { status: res.status, json: text ? JSON.parse(text) : null }
      }
      const admin = (await call('POST', '/auth/login', '', { username: 'admin', password: PASSWORD })).json.access_token
      const clerk = (await call('POST', '/auth/login', '', { username: 'xhzx', password: PASSWORD })).json.user
      const identities = async () => (await call('GET', `/users/${clerk.id}/identities`, admin)).json.items

      // Link and unlink, in each language and width, light and dark.
      const runs = [['zh-CN', 390, false], ['en', 320, false], ['zh-CN', 320, true], ['en', 390, true]]
      for (const [lang, w, dark] of runs) {
        const label = `${lang} ${w}${dark ? ' dark' : ''}`
        const { ctx, page } = await open(base, w, lang, dark)
        await login(base, page, 'admin')
        await page.goto(base + '/admin')
        await page.getByTestId('admin-tab-users').click()
        await page.getByTestId('user-search').fill('xhzx')
        await page.getByTestId('user-search-go').click()
        const openBtn = page.getByTestId('ids-open-xhzx')
        await openBtn.waitFor({ timeout: 10000 })
        await big(openBtn, `open identities ${label}`)
        await openBtn.click()
        const input = page.getByTestId('ids-subject-input-oidc')
        await input.waitFor({ timeout: 10000 })
        await input.fill(cfg.subject)
        await big(page.getByTestId('ids-link-oidc'), `link ${label}`)
        await page.getByTestId('ids-link-oidc').click()
        await page.getByTestId('ids-subject-oidc').waitFor({ timeout: 10000 })
        assert(((await page.getByTestId('ids-subject-oidc').textContent()) || '').includes(cfg.subject), 'the linked subject is shown')
        const linked = await identities()
        assert(linked.length === 1 && linked[0].provider === 'oidc' && linked[0].subject === cfg.subject, 'linked: ' + JSON.stringify(linked))
        await big(page.getByTestId('ids-unlink-oidc'), `unlink ${label}`)
        await noHScroll(page, `identities ${label}`)
        await axe(page, `sso admin identities ${label}`)
        if (w === 390) await snap(page, `sso-admin-linked-${lang}${dark ? '-dark' : ''}`)

        if (lang === 'zh-CN' && !dark) {
          // The linked clerk signs in with one tap on his own phone.
          const other = await open(base, 390, 'zh-CN')
          await other.page.goto(base + '/login')
          await other.page.getByTestId('sso-oidc').click()
          await other.page.waitForURL((u) => u.pathname === '/tasks', { timeout: 15000 })
          await other.ctx.close()
        }

        // A cancelled confirmation keeps the identity; a confirmed one removes it.
        await page.getByTestId('ids-unlink-oidc').click()
        await page.locator('.van-dialog__cancel:visible').first().click()
        assert((await identities()).length === 1, 'cancelled unlink keeps the identity')
        await page.getByTestId('ids-unlink-oidc').click()
        // axe reads the dialog once it has faded in (mid-fade its text is paler than it will be).
        await page.locator('.van-dialog__confirm:visible').first().waitFor()
        await page.waitForFunction(() => document.getAnimations().length === 0, null, { timeout: 5000 })
        await axe(page, `sso admin unlink dialog ${label}`)
        await t.confirmDialog(page)
        await input.waitFor({ timeout: 10000 })
        assert((await identities()).length === 0, 'unlinked')
        await ctx.close()
      }

      // An identity linked to another account is refused in words.
      const other = (await call('POST', '/auth/login', '', { username: 'syyey', password: PASSWORD })).json.user
      assert((await call('POST', `/users/${other.id}/identities`, admin, { provider: 'oidc', subject: 'taken-1' })).status === 201, 'link syyey')
      {
        const { ctx, page } = await open(base, 390, 'zh-CN')
        await login(base, page, 'admin')
        await page.goto(base + '/admin')
        await page.getByTestId('admin-tab-users').click()
        await page.getByTestId('user-search').fill('xhzx')
        await page.getByTestId('user-search-go').click()
        await page.getByTestId('ids-open-xhzx').click()
        await page.getByTestId('ids-subject-input-oidc').fill('taken-1')
        await page.getByTestId('ids-link-oidc').click()
        const err = page.getByTestId('ids-error')
        await err.waitFor({ timeout: 10000 })
        assert(((await err.textContent()) || '').includes('其他账号'), 'taken: ' + (await err.textContent()))

        // The header's key leads to the admin's own sign-in page.
        const key = page.getByTestId('sso-settings-link')
        await big(key, 'header sign-in link')
        await key.click()
        await page.waitForURL((u) => u.pathname === '/settings/sign-in', { timeout: 10000 })
        await page.getByTestId('sso-link-oidc').waitFor({ timeout: 10000 })
        await noHScroll(page, 'settings sign-in with a provider')
        await axe(page, 'settings sign-in with a provider')
        await ctx.close()
      }

      // Requiring single sign-on for 新华中学, then lifting it.
      const orgs = (await call('GET', '/orgs?page_size=200', admin)).json.items
      const xhzx = orgs.find((o) => o.code === 'xhzx')
      assert(xhzx, 'xhzx org')
      for (const [lang, w, dark] of [['zh-CN', 390, false], ['en', 320, true]]) {
        const label = `${lang} ${w}${dark ? ' dark' : ''}`
        const { ctx, page } = await open(base, w, lang, dark)
        await login(base, page, 'admin')
        await page.goto(base + '/admin')
        const sel = page.getByTestId('org-sign-in-org')
        await sel.waitFor({ timeout: 10000 })
        await sel.selectOption(String(xhzx.id))
        const box = page.getByTestId('org-sign-in-required')
        await box.waitFor({ timeout: 10000 })
        assert(!(await box.isChecked()), 'off at first')
        await big(page.locator('label.toggle'), `toggle ${label}`)
        await box.click()
        await t.confirmDialog(page)
        await page.waitForFunction(() => document.querySelector('[data-testid="org-sign-in-required"]')?.checked === true, null, { timeout: 10000 })
        assert((await call('GET', `/orgs/${xhzx.id}/sign-in`, admin)).json.sso_required === true, 'required on the server')
        const refused = await call('POST', '/auth/login', '', { username: 'xhzx', password: PASSWORD })
        assert(refused.status === 403 && refused.json.code === 'sso_required', 'password refused: ' + refused.status)
        await noHScroll(page, `org sign-in ${label}`)
        await dialogsGone(page)
        await axe(page, `org sign-in ${label}`)
        if (w === 390) await snap(page, `sso-admin-org-required-${lang}`)
        await box.click()
        await page.waitForFunction(() => document.querySelector('[data-testid="org-sign-in-required"]')?.checked === false, null, { timeout: 10000 })
        assert((await call('GET', `/orgs/${xhzx.id}/sign-in`, admin)).json.sso_required === false, 'lifted on the server')
        assert((await call('POST', '/auth/login', '', { username: 'xhzx', password: PASSWORD })).status === 200, 'password works again')
        await ctx.close()
      }

      // The org admin of 武陵中学 sets it for his own org only, and manages only his org's accounts.
      {
        const wlzx = orgs.find((o) => o.code === 'wlzx')
        const { ctx, page } = await open(base, 390, 'zh-CN')
        await login(base, page, 'wlzx')
        await page.goto(base + '/admin')
        const sel = page.getByTestId('org-sign-in-org')
        await sel.waitFor({ timeout: 10000 })
        const values = await sel.locator('option').evaluateAll((os) => os.map((o) => o.value))
        assert(values.includes(String(wlzx.id)) && !values.includes(String(xhzx.id)), 'org admin picks only his subtree: ' + values.join(','))
        await sel.selectOption(String(wlzx.id))
        const box = page.getByTestId('org-sign-in-required')
        await box.click()
        await t.confirmDialog(page)
        await page.waitForFunction(() => document.querySelector('[data-testid="org-sign-in-required"]')?.checked === true, null, { timeout: 10000 })
        assert((await call('GET', `/orgs/${wlzx.id}/sign-in`, admin)).json.sso_required === true, 'wlzx required on the server')
        await box.click()
        await page.waitForFunction(() => document.querySelector('[data-testid="org-sign-in-required"]')?.checked === false, null, { timeout: 10000 })
        await dialogsGone(page)
        await axe(page, 'org admin sign-in')
        await page.getByTestId('admin-tab-users').click()
        await page.getByTestId('ids-open-wlzx').waitFor({ timeout: 10000 })
        assert((await page.getByTestId('ids-open-xhzx').count()) === 0, 'another school\'s account is not listed')
        await page.getByTestId('ids-open-wlzx').click()
        await page.getByTestId('ids-subject-input-oidc').waitFor({ timeout: 10000 })
        await ctx.close()
      }
    } finally {
      for (const p of procs.reverse()) p.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
