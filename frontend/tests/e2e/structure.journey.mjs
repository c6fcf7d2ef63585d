// Journeys of the frontend's structure (issue 13, item 12): a fresh tab whose access token has expired
// refreshes before it asks for anything (no 401 in the console); dark mode (the system's preference and
// the header's toggle) passes axe with no violation at all on the login page and the review queue; the
// reviewer's screens in English show no CJK outside data names; no horizontal scroll at 320 and 390 px
// in both languages on the login page and the reviewer's screens; the startup's own work (a screen's
// hinted files fetched once, its data asked for once, every script marked for eager compilation).

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/

/** An unsigned JWT whose exp has passed (the client reads its claims; it must never reach the server). */
function expiredJWT() {
  const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  return b64u({ alg: 'HS256', typ: 'JWT' }) + '.' + b64u({ sub: '1', exp: now - 3600, iat: now - 4500 }) + '.c2ln'
}

/** A context at w×h in lang (and colour scheme), its session and language seeded as the app keeps them. */
async function open(t, { w = 390, h = 844, lang = 'zh-CN', scheme = 'light', session = null, access } = {}) {
  const ctx = await t.browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1, locale: lang, colorScheme: scheme, hasTouch: true, isMobile: true })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
  await page.addInitScript(([tk, lang, access]) => {
    localStorage.setItem('tb.lang', lang)
    if (tk && !localStorage.getItem('tb.refresh')) {
      if (access) sessionStorage.setItem('tb.access', access)
      localStorage.setItem('tb.refresh', tk.refresh_token)
      localStorage.setItem('tb.user', JSON.stringify(tk.user))
    }
  }, [session, lang, access ?? session?.access_token ?? null])
  return { ctx, page }
}

/** Every axe violation of any impact (t.axe fails on serious and critical ones; here none may remain). */
async function axeAll(t, page, label) {
  await t.axe(page, label)
  // window.axe: t.axe injected axe-core into the page.
  const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.any[0]?.message ?? '')) })))
  t.assert(v.length === 0, `axe on ${label}: ` + JSON.stringify(v))
}

/** The page's text outside elements in Chinese on purpose (lang="zh-CN", e.g. the 中文 switch), with every data name removed. */
async function foreignText(page, names) {
  const text = await page.evaluate(() => {
    const out = []
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement
      if (!el || el.closest('script, style, [lang^="zh"]')) continue
      if (n.textContent.trim()) out.push(n.textContent.trim())
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (el.closest('[lang^="zh"]')) continue
      for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a))
    }
    return out
  })
  const sorted = [...names].sort((a, b) => b.length - a.length)
  return text.map((s) => sorted.reduce((acc, nm) => acc.split(nm).join(''), s)).filter((s) => CJK.test(s))
}

async function noScroll(page, label) {
  const r = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }))
  return r.sw > r.iw ? [`${label}: scrollWidth ${r.sw} > ${r.iw}`] : []
}

/** A submitted submission for the reviewer to open: the first in the queue, else xhzx's teacher-training submitted now. */
async function aSubmission(t, reviewerToken) {
  const q = await t.api('GET', '/submissions?page_size=5', reviewerToken)
  if (q.status === 200 && q.json.items.length) return q.json.items[0].id
  const clerk = await t.token('xhzx')
  const tasks = await t.api('GET', '/tasks?page_size=100', clerk)
  const tt = tasks.json.items.find((x) => x.form === 'teacher-training')
  t.assert(tt, 'xhzx has a teacher-training task')
  const sub = await t.api('POST', '/submissions', clerk, { form: tt.form, period: tt.period })
  t.assert(sub.status === 200 || sub.status === 201, 'open the submission: ' + sub.status)
  const saved = await t.api('PUT', `/submissions/${sub.json.id}`, clerk, { version: sub.json.version, values: { payroll_total: '2000000', training_spend: '40000', trainees: 30 } })
  t.assert(saved.status === 200, 'save: ' + saved.status + ' ' + JSON.stringify(saved.json))
  const done = await t.api('POST', `/submissions/${sub.json.id}/submit`, clerk, { version: saved.json.version })
  t.assert(done.status === 200, 'submit: ' + done.status + ' ' + JSON.stringify(done.json))
  return sub.json.id
}

/** xhzx's teacher-training submission, brought to `submitted` through the API whatever state earlier journeys left it in. */
async function submittedTeacherTraining(t, reviewerToken) {
  const clerk = await t.token('xhzx')
  const tasks = await t.api('GET', '/tasks?page_size=100', clerk)
  const tt = tasks.json.items.find((x) => x.form === 'teacher-training')
  t.assert(tt, 'xhzx has a teacher-training task')
  let sub = (await t.api('POST', '/submissions', clerk, { form: tt.form, period: tt.period })).json
  if (sub.status === 'approved') sub = (await t.api('POST', `/submissions/${sub.id}/reopen`, reviewerToken, { version: sub.version })).json
  if (sub.status === 'draft' || sub.status === 'returned') {
    const values = { payroll_total: '2000000', training_spend: '40000', trainees: 30, ...sub.values }
    const saved = await t.api('PUT', `/submissions/${sub.id}`, clerk, { version: sub.version, values })
    t.assert(saved.status === 200, 'save: ' + saved.status + ' ' + JSON.stringify(saved.json))
    const done = await t.api('POST', `/submissions/${sub.id}/submit`, clerk, { version: saved.json.version })
    t.assert(done.status === 200, 'submit: ' + done.status + ' ' + JSON.stringify(done.json))
    sub = done.json
  }
  t.assert(sub.status === 'submitted', 'submitted: ' + sub.status)
  return sub.id
}

/** Taps a button that opens a confirm dialog and answers it (cancel or confirm). */
async function answerConfirm(page, testid, ok) {
  await page.getByTestId(testid).click()
  const btn = page.locator(ok ? '.van-dialog__confirm:visible' : '.van-dialog__cancel:visible').first()
  await btn.waitFor({ timeout: 5000 })
  await btn.click()
  await page.locator('.van-dialog').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
}

export default async (t) => {
  await t.step('structure: a fresh tab whose access token has expired loads /tasks without a 401', async () => {
    const login = (await t.api('POST', '/auth/login', null, { username: 'xhzx', password: t.PASSWORD })).json
    const expired = expiredJWT()
    const { ctx, page } = await open(t, { session: login, access: expired })
    const bad = []
    const sent = []
    page.on('console', (m) => {
      if (m.type() === 'error' && /401|Unauthorized/i.test(m.text())) bad.push('console: ' + m.text())
    })
    page.on('request', (r) => {
      if (!r.url().includes('/api/')) return
      sent.push(new URL(r.url()).pathname)
      if ((r.headers().authorization ?? '').includes(expired)) bad.push('sent the expired token to ' + r.url())
    })
    page.on('response', (r) => {
      if (r.status() === 401) bad.push(`401 from ${r.url()}`)
    })
    await page.goto(t.BASE + '/tasks')
    await page.waitForSelector('[data-testid="task-list"]', { timeout: 15000 })
    await page.waitForLoadState('networkidle').catch(() => {})
    t.assert(page.url().endsWith('/tasks'), 'stayed on /tasks: ' + page.url())
    // Public calls (the sign-in provider list) carry no token; of the rest, the refresh goes first.
    const authed = sent.filter((p) => p !== '/api/v1/auth/providers')
    t.assert(authed[0] === '/api/v1/auth/refresh', 'the refresh went first: ' + sent.join(', '))
    t.assert(bad.length === 0, bad.join('; '))
    await ctx.close()
  })

  await t.step('structure: every link the server names for a screen (its chunk and stylesheet) is used, none fetched twice', async () => {
    // The login page's stylesheet is named in its index.html (backend/web, hints.go) and then
    // loaded by Vite's loader: a preload in another credentials mode is left unused and the
    // stylesheet comes a second time, which Chrome reports on the console.
    const { ctx, page } = await open(t)
    const unused = []
    const fetched = new Map()
    page.on('console', (m) => {
      if (/preload.*(not used|found, but is not used)/i.test(m.text())) unused.push(m.text())
    })
    page.on('request', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/assets/')) fetched.set(u.pathname, (fetched.get(u.pathname) ?? 0) + 1)
    })
    await page.goto(t.BASE + '/login')
    await page.waitForSelector('[data-testid="login-username"]', { timeout: 15000 })
    await page.waitForLoadState('networkidle').catch(() => {})
    const html = await (await fetch(t.BASE + '/login')).text()
    const hinted = [...html.matchAll(/<link rel="(?:modulepreload|preload)"[^>]*href="([^"]+)"/g)].map((m) => m[1])
    t.assert(hinted.some((h) => h.endsWith('.css')), 'the login page names its stylesheet: ' + hinted.join(' '))
    for (const h of hinted) t.assert(fetched.get(h) === 1, `${h} fetched ${fetched.get(h) ?? 0} times`)
    t.assert(unused.length === 0, unused.join('; '))
    await ctx.close()
  })

  await t.step('structure: a cold start asks for its screen\'s data once (the router asks early, the screen takes it)', async () => {
    // router.ts asks for the board's figures and campaigns, or the clerk's tasks, as the first
    // navigation sets out (api/early.ts); the screen must take that answer, not ask a second time.
    for (const [user, path, ready, calls] of [
      ['leader', '/leader', 'indicator-list', ['/api/v1/indicators', '/api/v1/campaigns']],
      ['xhzx', '/tasks', 'task-list', ['/api/v1/tasks']],
    ]) {
      const login = (await t.api('POST', '/auth/login', null, { username: user, password: t.PASSWORD })).json
      const { ctx, page } = await open(t, { session: login })
      // By address, query included: the board asks again for a newer year once the campaign list
      // names one, which is another request, not the same one twice.
      const count = new Map()
      page.on('request', (r) => {
        const u = new URL(r.url())
        if (calls.includes(u.pathname)) count.set(u.pathname + u.search, (count.get(u.pathname + u.search) ?? 0) + 1)
      })
      await page.goto(t.BASE + path)
      await page.waitForSelector(`[data-testid="${ready}"]`, { timeout: 15000 })
      await page.waitForLoadState('networkidle').catch(() => {})
      for (const c of calls) t.assert([...count.keys()].some((u) => u.startsWith(c)), `${path}: ${c} never asked for`)
      for (const [u, n] of count) t.assert(n === 1, `${path}: ${u} asked for ${n} times`)
      await ctx.close()
    }
  })

  await t.step('structure: every script the app loads opens with V8\'s compile hint, so it compiles off the main thread', async () => {
    // vite.config.ts compileHints: the hint works only as the file's first line (Chrome 136+).
    const { ctx, page } = await open(t)
    const scripts = new Set()
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' && new URL(r.url()).pathname.startsWith('/assets/')) scripts.add(r.url())
    })
    await page.goto(t.BASE + '/login')
    await page.waitForSelector('[data-testid="login-username"]', { timeout: 15000 })
    await page.waitForLoadState('networkidle').catch(() => {})
    t.assert(scripts.size >= 2, 'the login page loads its scripts: ' + [...scripts].join(' '))
    for (const u of scripts) {
      const head = (await (await fetch(u)).text()).slice(0, 40)
      t.assert(head.startsWith('//# allFunctionsCalledOnLoad\n'), `${new URL(u).pathname} opens with ${JSON.stringify(head)}`)
    }
    await ctx.close()
  })

  await t.step('structure: dark mode (system and toggle) on the login page and the review queue passes axe with 0 violations', async () => {
    // The system asks for dark: the login page follows it.
    {
      const { ctx, page } = await open(t, { scheme: 'dark' })
      await page.goto(t.BASE + '/login')
      await page.waitForSelector('[data-testid="login-submit"]')
      t.assert(await page.evaluate(() => document.documentElement.classList.contains('van-theme-dark')), 'dark theme from prefers-color-scheme')
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      t.assert(bg === 'rgb(0, 0, 0)', 'dark page background: ' + bg)
      await t.snap(page, 'dark-login')
      await axeAll(t, page, 'login (dark)')
      // The toggle overrides the system and is kept.
      await page.getByTestId('theme-toggle').click()
      t.assert(!(await page.evaluate(() => document.documentElement.classList.contains('van-theme-dark'))), 'toggled to light')
      await page.reload()
      await page.waitForSelector('[data-testid="login-submit"]')
      t.assert(!(await page.evaluate(() => document.documentElement.classList.contains('van-theme-dark'))), 'light kept over the system after a reload')
      t.assert((await page.getByTestId('theme-toggle').getAttribute('aria-pressed')) === 'false', 'aria-pressed false')
      await ctx.close()
    }
    // A light system, the reviewer switches to dark on the queue (its filters, list and tab bar).
    const rev = (await t.api('POST', '/auth/login', null, { username: 'reviewer', password: t.PASSWORD })).json
    await aSubmission(t, rev.access_token)
    for (const lang of ['zh-CN', 'en']) {
      const { ctx, page } = await open(t, { session: rev, lang })
      await page.goto(t.BASE + '/review')
      await page.waitForSelector('[data-testid="queue-list"], [data-testid="queue-empty"]', { timeout: 15000 })
      await page.getByTestId('theme-toggle').click()
      await page.waitForFunction(() => document.documentElement.classList.contains('van-theme-dark'))
      t.assert((await page.getByTestId('theme-toggle').getAttribute('aria-pressed')) === 'true', 'aria-pressed true')
      await page.waitForLoadState('networkidle').catch(() => {})
      await t.snap(page, 'dark-review-queue-' + lang)
      await axeAll(t, page, `review queue (dark, ${lang})`)
      await ctx.close()
    }
  })

  await t.step('structure: the reviewer screens in English show no CJK outside data names; no horizontal scroll at 320 and 390 px in both languages', async () => {
    const rev = (await t.api('POST', '/auth/login', null, { username: 'reviewer', password: t.PASSWORD })).json
    const id = await aSubmission(t, rev.access_token)
    // Data names: every org in the reviewer's scope, user names, and the values a clerk typed.
    const names = new Set()
    const tree = await t.api('GET', '/orgs?tree=1', rev.access_token)
    const walk = (ns) => ns.forEach((n) => (names.add(n.name), walk(n.children ?? [])))
    walk(tree.json.items)
    const audit = await t.api('GET', '/audit?page_size=200', rev.access_token)
    for (const e of audit.json?.items ?? []) {
      names.add(e.actor)
      names.add(e.org_name)
    }
    const screens = [
      { name: 'login', path: '/login', wait: '[data-testid="login-submit"]', user: false },
      { name: 'queue', path: '/review', wait: '[data-testid="queue-list"], [data-testid="queue-empty"]', user: true },
      { name: 'review', path: '/review/' + id, wait: '[data-testid="review-values"]', user: true },
      { name: 'audit', path: '/review/audit', wait: '[data-testid="audit-orgs-error"], [data-testid="audit-log"]', user: true },
    ]
    const problems = []
    for (const lang of ['zh-CN', 'en']) {
      for (const [w, h] of [[320, 640], [390, 844]]) {
        for (const s of screens) {
          for (const scheme of w === 320 ? ['light', 'dark'] : ['light']) {
            const { ctx, page } = await open(t, { w, h, lang, scheme, session: s.user ? rev : null })
            await page.goto(t.BASE + s.path)
            await page.waitForSelector(s.wait, { timeout: 15000 })
            await page.waitForLoadState('networkidle').catch(() => {})
            problems.push(...(await noScroll(page, `${s.name} ${lang} ${w}px ${scheme}`)))
            if (lang === 'en' && scheme === 'light' && w === 390) {
              const cjk = await foreignText(page, names)
              if (cjk.length) problems.push(`${s.name} in English shows CJK: ${JSON.stringify(cjk.slice(0, 8))}`)
              await t.snap(page, 'structure-en-' + s.name)
            }
            if (lang === 'en' && w === 320 && scheme === 'dark') await t.snap(page, 'structure-en-320-dark-' + s.name)
            if (s.name === 'review' && w === 320) {
              // The return form opens over the page; it must fit too.
              await page.getByTestId('return-open').click().catch(() => {})
              await page.waitForSelector('[data-testid="return-comment"]', { timeout: 3000 }).catch(() => {})
              problems.push(...(await noScroll(page, `return form ${lang} ${w}px ${scheme}`)))
            }
            await ctx.close()
          }
        }
      }
    }
    t.assert(problems.length === 0, '\n      ' + problems.join('\n      '))
  })
  await t.step('structure: destructive taps ask first: bulk approve after a confirm, reopen through a form with a reason; cancel changes nothing', async () => {
    const rev = (await t.api('POST', '/auth/login', null, { username: 'reviewer', password: t.PASSWORD })).json
    const id = await submittedTeacherTraining(t, rev.access_token)
    const status = async () => (await t.api('GET', `/submissions/${id}`, rev.access_token)).json.status
    const { ctx, page } = await open(t, { session: rev })
    await page.goto(t.BASE + '/review')
    await page.waitForSelector(`[data-testid="select-${id}"]`, { timeout: 15000 })
    await page.getByTestId('select-' + id).check()
    await answerConfirm(page, 'bulk-approve', false)
    t.assert((await status()) === 'submitted', 'cancelled bulk approve left it submitted')
    await answerConfirm(page, 'bulk-approve', true)
    await page.waitForFunction(async (id) => !document.querySelector(`[data-testid="select-${id}"]`), id, { timeout: 10000 })
    t.assert((await status()) === 'approved', 'confirmed bulk approve approved it')
    await page.goto(t.BASE + '/review/' + id)
    await page.waitForSelector('[data-testid="reopen"]', { timeout: 15000 })
    // Reopening withdraws the approval: it opens a form asking why, which can be cancelled.
    await page.getByTestId('reopen').click()
    await page.waitForSelector('[data-testid="reopen-note"]', { timeout: 5000 })
    await t.axe(page, 'reopen form')
    await page.getByTestId('return-cancel').click()
    await page.getByTestId('return-popup').waitFor({ state: 'hidden', timeout: 5000 })
    t.assert((await status()) === 'approved', 'cancelled reopen left it approved')
    await page.getByTestId('reopen').click()
    await page.getByTestId('return-submit').click()
    await page.waitForSelector('[data-testid="return-popup"] [role="alert"]', { timeout: 5000 })
    t.assert((await status()) === 'approved', 'a reopen without a reason is refused in the form')
    await page.getByTestId('return-comment').fill('数据需要更正')
    await page.getByTestId('return-submit').click()
    await page.waitForSelector('[data-testid="review-status"]:not(:has-text("已通过"))', { timeout: 10000 })
    t.assert((await status()) === 'returned', 'confirmed reopen returned it')
    await ctx.close()
    // Leave it approved, as the journeys before left it.
    await submittedTeacherTraining(t, rev.access_token)
    const cur = (await t.api('GET', `/submissions/${id}`, rev.access_token)).json
    const ok = await t.api('POST', `/submissions/${id}/approve`, rev.access_token, { version: cur.version })
    t.assert(ok.status === 200, 'approve again: ' + ok.status)
  })
}
