// Single sign-on on a phone (issue 18), against the demo server, which has no provider configured:
// the login page shows no sign-in button; a provider's redirect that comes back with a state the
// server does not know (expired, used, forged) lands on /sso/callback, which says so in words with
// a 44-px way back to the login page; the user's /settings/sign-in says nothing is configured.
// 390 and 320 px, Chinese and English, no horizontal scroll, axe clean.

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
}
