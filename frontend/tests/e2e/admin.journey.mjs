// Journeys of the admin screens (issue 13, item 11), at 390×844 on a phone and 1280×800 on a laptop: open a
// campaign for one town's primary schools; create a private school and change its type; import a CSV of users
// with a bad row (the row's problem shown, nothing imported), fix it and import; find the users in the paged,
// searchable list. axe with no violation at all on every screen, and no horizontal scroll at 390.

/** A context at w×h in Chinese; a phone below 500 px. */
async function open(t, w, h) {
  const phone = w < 500
  const ctx = await t.browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: phone, isMobile: phone })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
  return { ctx, page }
}

/** Every axe violation of any impact fails (t.axe fails on serious and critical ones). */
async function axeAll(t, page, label) {
  await t.axe(page, label)
  const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))
  t.assert(v.length === 0, `axe on ${label}: ` + JSON.stringify(v))
}

async function noScroll(t, page, label) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  t.assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
}

/** Checks a screen: axe clean, and at phone width no horizontal scroll. */
async function screen(t, page, w, label) {
  await t.snap(page, `admin-j-${w}-${label}`)
  await axeAll(t, page, `admin ${label} ${w}px`)
  if (w < 500) await noScroll(t, page, `admin ${label} ${w}px`)
}

async function orgByCode(t, tok, code) {
  const r = await t.api('GET', `/orgs?q=${encodeURIComponent(code)}&page_size=50`, tok)
  return r.json.items.find((o) => o.code === code)
}

const csv = (lines) => Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8')

/** Visible controls smaller than 44×44 CSS px (a checkbox or radio counts by its label; a file input by its label). */
async function smallControls(page) {
  return page.evaluate(() => {
    const out = []
    for (const el of document.querySelectorAll('button, a[href], select, summary, input, textarea, [role="button"], [role="tab"]')) {
      const box = el.getBoundingClientRect()
      if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue
      const small = (r) => r.width < 44 || r.height < 44
      const byLabel = ['checkbox', 'radio', 'file'].includes(el.type) && el.closest('label')
      if (small(byLabel ? el.closest('label').getBoundingClientRect() : box)) out.push((el.getAttribute('data-testid') || el.tagName) + ` ${Math.round(box.width)}×${Math.round(box.height)}`)
    }
    return out
  })
}

export default async (t) => {
  await t.step('admin tabs at 320×640 in Chinese and English: no horizontal scroll, every control at least 44×44, axe 0 violations', async () => {
    const problems = []
    for (const lang of ['zh-CN', 'en']) {
      const { ctx, page } = await open(t, 320, 640)
      await page.addInitScript((l) => localStorage.setItem('tb.lang', l), lang)
      await t.login(page, 'admin')
      await page.waitForURL(/\/admin/)
      await page.waitForSelector('[data-testid="org-xhzx"]')
      for (const tab of ['orgs', 'users', 'campaigns', 'imports', 'forms']) {
        await page.getByTestId('admin-tab-' + tab).click()
        await page.waitForSelector(`[data-testid="admin-tab-${tab}"][aria-selected="true"]`)
        if (tab === 'users') await page.waitForSelector('[data-testid="user-xhzx"]')
        if (tab === 'orgs') for (const s of ['org-new-open', 'org-edit-open']) await page.getByTestId(s).click()
        const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
        if (sw > iw) problems.push(`${lang} ${tab}: scrollWidth ${sw} > ${iw}`)
        const small = await smallControls(page)
        if (small.length) problems.push(`${lang} ${tab}: small controls ${small.join(', ')}`)
        await axeAll(t, page, `admin ${tab} 320px ${lang}`)
      }
      await ctx.close()
    }
    t.assert(problems.length === 0, '\n      ' + problems.join('\n      '))
  })

  await t.step('admin as an org admin (wlzx) at 390px: only his own org\'s users, users-only import, no campaign or form tabs; axe 0 violations', async () => {
    const { ctx, page } = await open(t, 390, 844)
    await t.login(page, 'wlzx')
    await page.goto(t.BASE + '/admin')
    await page.waitForSelector('[data-testid="org-wlzx"]')
    const tabs = await page.locator('[data-testid^="admin-tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
    t.assert(JSON.stringify(tabs) === JSON.stringify(['admin-tab-orgs', 'admin-tab-users', 'admin-tab-imports']), 'tabs: ' + tabs)
    t.assert(await page.locator('[data-testid="org-xhzx"]').count() === 0, 'no other school in his tree')
    await screen(t, page, 390, 'oa-orgs')
    await page.getByTestId('admin-tab-users').click()
    await page.waitForSelector('[data-testid="user-wlzx"]')
    const orgs = await page.locator('[data-testid="admin-users"] article.user .muted').evaluateAll((els) => els.map((e) => e.textContent.split(' · ')[0].trim()))
    t.assert(orgs.length > 0 && orgs.every((o) => o === '武陵中学'), 'users of other orgs: ' + orgs)
    await page.getByTestId('user-search').fill('xhzx')
    await page.getByTestId('user-search-go').click()
    await page.waitForSelector('[data-testid="user-total"]:has-text("共 0 人")')
    await screen(t, page, 390, 'oa-users')
    await page.getByTestId('admin-tab-imports').click()
    await page.waitForSelector('[data-testid="import-file"]')
    t.assert(await page.locator('[data-testid="import-kind-orgs"]').count() === 0, 'an org admin imports users only')
    await screen(t, page, 390, 'oa-import')
    await ctx.close()
  })

  const sizes = [[390, 844], [1280, 800]]
  for (const [w, h] of sizes) {
    await t.step(`admin at ${w}px: a campaign for one town's primary schools, an org's type, a users CSV with a bad row fixed and imported, the user list searched`, async () => {
      const tag = `${w}${Date.now().toString(36).slice(-4)}`
      const tok = await t.token('admin')
      const town = await orgByCode(t, tok, 'town-chengnan')
      const { ctx, page } = await open(t, w, h)
      await t.login(page, 'admin')
      await page.waitForURL(/\/admin/)
      await page.waitForSelector('[data-testid="org-xhzx"]')
      await screen(t, page, w, 'orgs')

      // A private primary school under 城南, then its type changed to junior.
      const code = `e2e-org-${tag}`
      await page.getByTestId('org-new-open').click()
      await page.getByTestId('org-parent').selectOption(String(town.id))
      await page.getByTestId('org-code').fill(code)
      await page.getByTestId('org-name').fill(`端到端学校${tag}`)
      await page.getByTestId('org-type').selectOption('primary')
      await page.getByTestId('org-ownership').selectOption('private')
      await page.getByTestId('org-create').click()
      await page.waitForSelector(`[data-testid="org-${code}"]`)
      let o = await orgByCode(t, tok, code)
      t.assert(o && o.type === 'primary' && o.ownership === 'private' && o.town_id === town.id, 'created: ' + JSON.stringify(o))
      await page.getByTestId('org-edit-open').click()
      await page.getByTestId('org-edit-org').selectOption(String(o.id))
      t.assert((await page.getByTestId('org-edit-ownership').inputValue()) === 'private', 'the edit form starts from the org')
      await page.getByTestId('org-edit-type').selectOption('junior')
      await screen(t, page, w, 'org-edit')
      await page.getByTestId('org-edit-save').click()
      await page.waitForSelector(`[data-testid="org-${code}"]:has-text("初中")`)
      o = await orgByCode(t, tok, code)
      t.assert(o.type === 'junior' && o.ownership === 'private', 'after the edit: ' + JSON.stringify(o))

      // A campaign for 城南's primary schools only.
      await page.getByTestId('admin-tab-campaigns').click()
      await page.getByTestId('camp-form').selectOption('compulsory')
      const period = String(2040 + sizes.findIndex(([x]) => x === w)) // one period per size: a second campaign would find no target
      await page.getByTestId('camp-period').fill(period)
      await page.getByTestId('camp-title').fill(`城南小学任务${tag}`)
      await page.getByTestId('camp-deadline').fill(new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10))
      await page.getByTestId('camp-org').selectOption(String(town.id))
      await page.getByTestId('camp-type-primary').check()
      await page.waitForSelector('[data-testid="camp-target-preview"]:has-text("城南街道 · 小学")')
      await screen(t, page, w, 'campaign-form')
      await page.getByTestId('camp-create').click()
      const li = page.locator(`[data-testid="admin-campaigns"] li:has-text("城南小学任务${tag}")`)
      await li.waitFor()
      t.assert((await li.getByTestId('campaign-target').textContent()).trim() === '城南街道 · 小学', 'the campaign shows its target')
      const camp = (await t.api('GET', `/campaigns?form=compulsory&period=${period}`, tok)).json.items[0]
      const tasks = (await t.api('GET', `/tasks?campaign_id=${camp.id}&page_size=200`, tok)).json.items
      const primaries = (await t.api('GET', `/orgs?type=primary&town_id=${town.id}&page_size=200`, tok)).json.items.filter((x) => x.active)
      t.assert(tasks.length > 0 && tasks.length === primaries.length && tasks.every((k) => k.org.type === 'primary' && primaries.some((p) => p.id === k.org.id)),
        `tasks ${JSON.stringify(tasks.map((k) => k.org.code))} want 城南's primary schools ${JSON.stringify(primaries.map((p) => p.code))}`)
      // Its review levels changed after it opened: 学区 then 区教委, for what is handed in from now on.
      await li.getByText('修改审核层级').click()
      await li.getByTestId(`campaign-${camp.id}-level-town`).check()
      await li.getByTestId(`campaign-${camp.id}-level-district`).check()
      await screen(t, page, w, 'campaign-levels')
      await li.getByTestId(`campaign-levels-save-${camp.id}`).click()
      await page.waitForSelector(`[data-testid="campaign-levels-${camp.id}"]:has-text("学区 → 区教委")`)
      const after = (await t.api('GET', `/campaigns/${camp.id}`, tok)).json
      t.assert(JSON.stringify(after.review_levels) === '["town","district"]', `the campaign's levels after the change: ${JSON.stringify(after.review_levels)}`)
      await screen(t, page, w, 'campaigns')

      // A users file with a bad phone on its second data row (sheet line 3).
      await page.getByTestId('admin-tab-imports').click()
      const tmpl = await fetch(await page.getByTestId('import-template-csv').evaluate((a) => a.href))
      t.assert(tmpl.ok && (await tmpl.text()).includes('用户名'), 'the CSV template downloads')
      await page.getByTestId('import-kind-users').check()
      const u1 = `e2e-a-${tag}`, u2 = `e2e-b-${tag}`
      const phone = '139' + String(Date.now()).slice(-8)
      const header = '用户名,姓名,手机号,单位编码,角色,密码'
      const bad = csv([header, `${u1},导入甲${tag},13800001111,xhzx,填报员,Import@2025!`, `${u2},导入乙${tag},13x,xhzx,填报员,Import@2025!`])
      await page.getByTestId('import-file').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: bad })
      await page.waitForSelector('[data-testid="import-summary"]')
      t.assert(await page.locator('[data-testid="import-row-3"].bad').count() === 1, 'line 3 is marked')
      t.assert(await page.locator('[data-testid="import-row-2"].bad').count() === 0, 'line 2 is fine')
      const msg = await page.getByTestId('import-error-3-phone').textContent()
      t.assert(/手机号/.test(msg), 'the problem names the column: ' + msg)
      t.assert(await page.getByTestId('import-commit').isDisabled(), 'a file with problems cannot be imported')
      t.assert((await t.api('GET', `/users?q=${u1}`, tok)).json.total === 0, 'nothing imported from a refused file')
      await screen(t, page, w, 'import-errors')
      const good = csv([header, `${u1},导入甲${tag},13800001111,xhzx,填报员,Import@2025!`, `${u2},导入乙${tag},${phone},xhzx,填报员,Import@2025!`])
      await page.getByTestId('import-file').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: good })
      await page.waitForSelector('[data-testid="import-summary"].ok')
      await screen(t, page, w, 'import-valid')
      await page.getByTestId('import-commit').click()
      await page.waitForSelector('[data-testid="admin-message"]:has-text("已导入 2 行")')
      t.assert((await t.api('GET', `/users?q=e2e-&org_id=${(await orgByCode(t, tok, 'xhzx')).id}`, tok)).json.items.some((u) => u.username === u2), 'imported')

      // The user list: search by part of a username, then by a phone number.
      await page.getByTestId('admin-tab-users').click()
      await page.waitForSelector('[data-testid="user-xhzx"]')
      await page.getByTestId('user-search').fill(tag)
      await page.getByTestId('user-search-go').click()
      await page.waitForSelector(`[data-testid="user-${u2}"]`)
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="admin-users"] article.user').length === 2)
      t.assert(/共 2 人/.test(await page.getByTestId('user-total').textContent()), 'the total counts the matches')
      await screen(t, page, w, 'users-search')
      await page.getByTestId('user-search').fill(phone)
      await page.getByTestId('user-search-go').click()
      await page.waitForFunction((u) => {
        const li = [...document.querySelectorAll('[data-testid="admin-users"] article.user')]
        return li.length === 1 && li[0].getAttribute('data-testid') === 'user-' + u
      }, u2)
      await ctx.close()
    })
  }
}
