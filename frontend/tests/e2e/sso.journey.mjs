// Single sign-on on a phone (issue 18). Against the demo server, which has no provider configured:
// the login page shows no sign-in button; a provider's redirect that comes back with a state the
// server does not know (expired, used, forged) lands on /sso/callback, which says so in words with
// a 44-px way back to the login page; the user's /settings/sign-in says nothing is configured.
// Then through a real OpenID provider: the journey starts one (backend/sso/testop, mockoidc) and a
// second Tianbao configured with it, links the clerk's account, and signs in with one tap.
// 390 and 320 px, Chinese and English, no horizontal scroll, axe clean.

import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { quietPort } from './ports.mjs'

const repo = path.resolve(import.meta.dirname, '../../..')

/** Starts the test provider and resolves to its issuer, client id, secret and default subject. */
function startOP(bin) {
  const op = spawn(bin, [], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: op.stdout })
    rl.once('line', (line) => resolve({ op, cfg: JSON.parse(line) }))
    op.once('exit', (code) => reject(new Error('test provider exited ' + code)))
  })
}

async function waitHealthy(base) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('the second server did not start')
}

export default async (t) => {
  const { BASE, step, assert, snap, axe, browser, login } = t

  async function open(w, lang) {
    const ctx = await browser.newContext({ viewport: { width: w, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true, isMobile: true })
    const page = await ctx.newPage()
    page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
    await page.addInitScript((l) => localStorage.setItem('tb.lang', l), lang)
    return { ctx, page }
  }
  async function noHScroll(page, label) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
  }

  await step('sso: without a provider no button; a refused callback is explained with a way back (390/320, zh/en, axe)', async () => {
    const providers = await t.api('GET', '/auth/providers', '')
    assert(providers.status === 200 && Array.isArray(providers.json.providers), 'providers ' + providers.status)
    for (const lang of ['zh-CN', 'en']) {
      for (const w of [390, 320]) {
        const { ctx, page } = await open(w, lang)
        await page.goto(BASE + '/login')
        await page.getByTestId('login-submit').waitFor()
        if (providers.json.providers.length === 0) assert((await page.getByTestId('sso-buttons').count()) === 0, 'no sign-in buttons without providers')

        await page.goto(BASE + '/sso/callback?state=not-a-real-state&code=whatever')
        const err = page.getByTestId('sso-error')
        await err.waitFor({ timeout: 10000 })
        const text = (await err.textContent()) || ''
        const want = lang === 'en' ? 'expired or was already used' : '已过期或已使用'
        assert(text.includes(want), `${lang} ${w}: the refusal says "${text}"`)
        const back = page.getByTestId('sso-back')
        const box = await back.boundingBox()
        assert(box && box.width >= 44 && box.height >= 44, 'back button ' + JSON.stringify(box))
        await noHScroll(page, `callback ${lang} ${w}`)
        await axe(page, `sso callback refused ${lang} ${w}`)
        if (w === 390) await snap(page, `sso-callback-refused-${lang}`)
        await back.click()
        await page.waitForURL(/\/login/, { timeout: 10000 })

        // The provider said no (the user cancelled there): said in words too.
        await page.goto(BASE + '/sso/callback?error=access_denied&state=x')
        await page.getByTestId('sso-error').waitFor({ timeout: 10000 })
        await ctx.close()
      }
    }
  })

  await step('sso: the clerk\'s /settings/sign-in says no provider is configured (390, zh, axe)', async () => {
    const { ctx, page } = await open(390, 'zh-CN')
    await login(page, 'xhzx')
    await page.goto(BASE + '/settings/sign-in')
    await page.getByTestId('sso-none').waitFor({ timeout: 10000 })
    await noHScroll(page, 'settings sign-in')
    await axe(page, 'sso settings')
    await ctx.close()
  })

  await step('sso: through a real OpenID provider the linked clerk signs in with one tap on a phone; unlinked, the page says so (390/320, zh/en, axe)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tb-sso-'))
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
      const admin = (await call('POST', '/auth/login', '', { username: 'admin', password: t.PASSWORD })).json.access_token
      const clerk = (await call('POST', '/auth/login', '', { username: 'xhzx', password: t.PASSWORD })).json.user
      const linked = await call('POST', `/users/${clerk.id}/identities`, admin, { provider: 'oidc', subject: cfg.subject })
      assert(linked.status === 201, 'link ' + linked.status + ' ' + JSON.stringify(linked.json))

      for (const lang of ['zh-CN', 'en']) {
        for (const w of [390, 320]) {
          const { ctx, page } = await open(w, lang)
          await page.goto(base + '/login')
          const btn = page.getByTestId('sso-oidc')
          await btn.waitFor({ timeout: 10000 })
          const label = (await btn.textContent()) || ''
          assert(label.includes('政务平台'), 'button says ' + label)
          const box = await btn.boundingBox()
          assert(box && box.width >= 44 && box.height >= 44, 'sign-in button ' + JSON.stringify(box))
          await noHScroll(page, `login with sso ${lang} ${w}`)
          await axe(page, `login with sso ${lang} ${w}`)
          if (w === 390) await snap(page, `sso-login-${lang}`)
          await btn.click()
          // The provider signs its user in at once and sends the browser back; the clerk lands home.
          await page.waitForURL((u) => u.pathname === '/tasks', { timeout: 15000 })
          const who = await page.evaluate(() => JSON.parse(localStorage.getItem('tb.user') || '{}').username)
          assert(who === 'xhzx', 'signed in as ' + who)
          await noHScroll(page, `tasks after sso ${lang} ${w}`)
          await ctx.close()
        }
      }

      // Unlinked, the same identity is refused with words and a way back; no session is made.
      const ids = await call('GET', `/users/${clerk.id}/identities`, admin)
      const gone = await call('DELETE', `/users/${clerk.id}/identities/${ids.json.items[0].id}`, admin)
      assert(gone.status === 204, 'unlink ' + gone.status)
      const { ctx, page } = await open(390, 'zh-CN')
      await page.goto(base + '/login')
      await page.getByTestId('sso-oidc').click()
      const err = page.getByTestId('sso-error')
      await err.waitFor({ timeout: 15000 })
      const text = (await err.textContent()) || ''
      assert(text.includes('尚未关联'), 'unlinked refusal says ' + text)
      assert((await page.evaluate(() => localStorage.getItem('tb.refresh'))) === null, 'no session for an unlinked identity')
      await axe(page, 'sso unlinked refusal')
      await snap(page, 'sso-unlinked')
      await ctx.close()
    } finally {
      for (const p of procs.reverse()) p.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
