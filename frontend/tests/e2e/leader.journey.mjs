// Journeys of the leader's and the school's screens (issue 13, items 6 and 8), on a 390×844 phone:
// the dashboard loads without moving (the layout shifts the page itself records add up to less than 0.1),
// and in English the dashboard, an indicator's detail and a school's "mine" page show no Chinese except data
// names: org, town and campaign names, which the screens mark translate="no", and the language switch,
// which names Chinese in Chinese (lang="zh-CN"). axe on each, no horizontal scroll.

/** Han characters and the full-width punctuation (：，（）、。) an English screen must not show. */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u

/**
 * The visible text and accessible names of the page that contain Chinese, outside data names
 * (translate="no") and text marked as Chinese (lang="zh…"). Returns up to 10 offenders with where they are.
 */
async function chineseOutsideData(page) {
  return page.evaluate((src) => {
    const cjk = new RegExp(src, 'u')
    // Marked inside the body: <html lang> is the page's language, not an exemption.
    const exempt = (el) => {
      const m = el && el.closest('[translate="no"], [lang^="zh"]')
      return !!m && m !== document.documentElement
    }
    const where = (el) => {
      const parts = []
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        parts.unshift(e.tagName.toLowerCase() + (e.dataset?.testid ? `[${e.dataset.testid}]` : ''))
      }
      return parts.join(' > ')
    }
    const out = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName) || exempt(el)) continue
      if (!el.getClientRects().length && !el.closest('[aria-label], [role]')) continue // not rendered
      if (cjk.test(n.textContent)) out.push(`${where(el)}: "${n.textContent.trim().slice(0, 60)}"`)
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [aria-valuetext]')) {
      if (exempt(el)) continue
      for (const a of ['aria-label', 'title', 'placeholder', 'aria-valuetext']) {
        const v = el.getAttribute(a)
        if (v && cjk.test(v)) out.push(`${where(el)} @${a}: "${v.slice(0, 60)}"`)
      }
    }
    return out.slice(0, 10)
  }, CJK.source)
}

async function noScroll(t, page, label) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  t.assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
}

/** Every axe violation of any impact fails (t.axe fails on serious and critical ones). */
async function axeAll(t, page, label) {
  await t.axe(page, label)
  const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))
  t.assert(v.length === 0, `axe on ${label}: ` + JSON.stringify(v))
}

/** A phone in the given language, logged in as user (the language is chosen before the app starts). */
async function phoneIn(t, lang, user) {
  const { ctx, page } = await t.newPage()
  await ctx.addInitScript((l) => {
    try {
      if (!sessionStorage.getItem('tb.journey.lang')) {
        localStorage.setItem('tb.lang', l)
        sessionStorage.setItem('tb.journey.lang', '1')
      }
    } catch {
      /* about:blank */
    }
  }, lang === 'en' ? 'en' : 'zh-CN')
  await t.login(page, user)
  return { ctx, page }
}

/**
 * Waits until the dashboard shows every indicator the API has. The cards come a few at a time and
 * only as far as the reader can reach, so this scrolls down as a reader would until all are there
 * (the reporting progress at the end is then drawn too), then back to the top.
 */
async function dashboardSettled(t, page, n) {
  await page.waitForSelector('[data-testid="indicator-list"]', { timeout: 15000 })
  await page.waitForFunction((k) => {
    const more = document.querySelector('[data-testid="indicator-more"]')
    if (more) more.scrollIntoView()
    else window.scrollTo(0, document.documentElement.scrollHeight)
    return document.querySelectorAll('[data-testid="indicator-list"] > li').length >= k
  }, n, { timeout: 15000, polling: 100 })
  await page.waitForSelector('[data-testid="completeness"]', { timeout: 15000 })
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.querySelector('[data-testid="completeness"] .pending'), null, { timeout: 15000 })
  await page.evaluate(() => window.scrollTo(0, 0))
}

export default async function leaderJourneys(t) {
  await t.step('(leader) the dashboard loads, and scrolls to its end, without layout shift: the sum of the layout shifts the page records stays below 0.1', async () => {
    const tok = await t.token('leader')
    const items = (await t.api('GET', '/indicators?period=' + (new Date().getFullYear() - 1) + '&basis=approved', tok)).json?.items ?? []
    t.assert(items.length > 0, 'the leader has indicators')
    for (const lang of ['zh-CN', 'en']) {
      const { ctx, page } = await phoneIn(t, lang, 'leader')
      // Record from the very start of a fresh load of the dashboard (the session is kept).
      await ctx.addInitScript(() => {
        window.__cls = { sum: 0, shifts: [] }
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.hadRecentInput) continue
            window.__cls.sum += e.value
            window.__cls.shifts.push({ value: +e.value.toFixed(4), at: Math.round(e.startTime), sources: e.sources.map((s) => (s.node && s.node.nodeType === 1 ? s.node.tagName.toLowerCase() + (s.node.dataset.testid ? `[${s.node.dataset.testid}]` : '') : '#text')) })
          }
        }).observe({ type: 'layout-shift', buffered: true })
      })
      await page.goto(t.BASE + '/leader')
      await page.waitForSelector('[data-testid="indicator-list"]', { timeout: 15000 })
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(500)
      const cls = await page.evaluate(() => window.__cls)
      t.assert(cls && typeof cls.sum === 'number', 'the layout-shift observer ran')
      t.assert(cls.sum < 0.1, `${lang}: layout shift ${cls.sum.toFixed(4)} ≥ 0.1 on load: ${JSON.stringify(cls.shifts).slice(0, 600)}`)
      // Then a reader scrolls to the end a screen at a time: the cards drawn as they come near and
      // the reporting progress drawn at the end move nothing in view either.
      for (let i = 0; i < 200; i++) {
        const end = await page.evaluate(() => {
          window.scrollBy(0, Math.round(innerHeight * 0.6))
          return scrollY + innerHeight >= document.documentElement.scrollHeight - 2
        })
        await page.waitForTimeout(120)
        if (end && !(await page.getByTestId('indicator-more').count())) break
      }
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(500)
      const n = await page.locator('[data-testid="indicator-list"] > li').count()
      t.assert(n === items.length, `${lang}: scrolled to the end, ${n} cards of ${items.length}`)
      t.assert(await page.getByTestId('completeness').isVisible(), `${lang}: the reporting progress is drawn at the end`)
      const all = await page.evaluate(() => window.__cls)
      t.assert(all.sum < 0.1, `${lang}: layout shift ${all.sum.toFixed(4)} ≥ 0.1 over the scroll: ${JSON.stringify(all.shifts).slice(0, 600)}`)
      await ctx.close()
    }
  })

  await t.step('(leader, English) dashboard and an indicator: no Chinese outside data names; axe 0 violations; no horizontal scroll', async () => {
    const tok = await t.token('leader')
    const items = (await t.api('GET', '/indicators?period=' + (new Date().getFullYear() - 1) + '&basis=approved', tok)).json?.items ?? []
    const { ctx, page } = await phoneIn(t, 'en', 'leader')
    await page.goto(t.BASE + '/leader')
    await dashboardSettled(t, page, items.length)
    t.assert((await page.locator('html').getAttribute('lang')) === 'en', 'the page is in English')
    // The reporting progress's per-town lists too (town and school names are data).
    for (const d of await page.locator('[data-testid="completeness"] details').all()) await d.evaluate((el) => { el.open = true })
    const first = await page.getByTestId('ind-training.spend_ratio').textContent()
    t.assert(/II\(16\)/.test(first), 'the plan section reads II(16): ' + first.slice(0, 120))
    const zh = await chineseOutsideData(page)
    t.assert(zh.length === 0, 'Chinese on the English dashboard:\n      ' + zh.join('\n      '))
    await t.snap(page, 'leader-en-dashboard')
    await axeAll(t, page, 'leader dashboard (en)')
    await noScroll(t, page, 'leader dashboard (en)')

    await page.getByTestId('ind-link-training.spend_ratio').click()
    await page.waitForSelector('[data-testid="indicator-about"]', { timeout: 15000 })
    await page.waitForLoadState('networkidle')
    const plan = (await page.getByTestId('plan-words').textContent()).trim()
    t.assert(/1\.5%/.test(plan) && !CJK.test(plan), 'the plan quote in English: ' + plan)
    const rule = (await page.getByTestId('plan-denominator').textContent()).trim()
    t.assert(rule.length > 20 && !CJK.test(rule), 'the denominator rule in English: ' + rule)
    const zh2 = await chineseOutsideData(page)
    t.assert(zh2.length === 0, 'Chinese on the English indicator page:\n      ' + zh2.join('\n      '))
    await t.snap(page, 'leader-en-indicator')
    await axeAll(t, page, 'leader indicator (en)')
    await noScroll(t, page, 'leader indicator (en)')
    await ctx.close()
  })

  await t.step("(school, English) the org_admin's mine page: no Chinese but the school's name; axe 0 violations; no horizontal scroll", async () => {
    const { ctx, page } = await phoneIn(t, 'en', 'wlzx')
    await page.goto(t.BASE + '/my')
    await page.waitForSelector('[data-testid="mine-list"], [data-testid="mine-error"], [data-testid="mine-empty"]', { timeout: 15000 })
    await page.waitForLoadState('networkidle')
    t.assert((await page.getByTestId('mine-list').count()) === 1, 'own indicators listed')
    const heading = (await page.getByTestId('mine-heading').textContent()).trim()
    t.assert(heading.includes('武陵中学') && !heading.includes('年'), 'the heading names the school, the period in English: ' + heading)
    // The plan's words and whose figures count, in every card (opened, as a reader would).
    for (const d of await page.locator('[data-testid="mine-list"] details').all()) await d.evaluate((el) => { el.open = true })
    const words = await page.locator('[data-testid="plan-words"]').allTextContents()
    t.assert(words.length > 0 && words.every((w) => !CJK.test(w)), 'plan quotes in English: ' + words.slice(0, 2).join(' | '))
    const zh = await chineseOutsideData(page)
    t.assert(zh.length === 0, 'Chinese on the English mine page:\n      ' + zh.join('\n      '))
    await t.snap(page, 'school-en-mine')
    await axeAll(t, page, 'school mine (en)')
    await noScroll(t, page, 'school mine (en)')
    await ctx.close()
  })
}
