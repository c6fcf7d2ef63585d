// Notifications on the clerk's phone (issue 14, part 4): a reviewer returns the clerk's form; the
// server's scheduler puts the return in the clerk's inbox; the inbox tab shows an unread badge; the
// clerk opens the inbox, marks the item read and the badge goes. Then the notification settings
// (own e-mail with a field error, and the org admin's robots, never shown in full) at 390 and 320 px
// in both languages, with axe.

export default async (t) => {
  const { BASE, step, assert, snap, axe, newPage, login, api, token } = t

  /** The badge on the inbox tab ('' when there is none). */
  async function badge(page) {
    const b = page.locator('[data-testid="tab-inbox"] .van-badge')
    return (await b.count()) ? (await b.first().textContent()).trim() : ''
  }

  async function noHScroll(page, label) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
  }

  let subID = 0
  await step('notify: a returned form reaches the clerk\'s inbox with an unread badge; marking it read clears the badge', async () => {
    const admin = await token('admin')
    const clerk = await token('xhzx')
    const reviewer = await token('reviewer')
    const me = await api('GET', '/me', clerk)
    assert(me.status === 200, 'me ' + me.status)
    // A campaign of its own (teacher training for 2024, the clerk's school only), so no other journey's form is touched.
    const deadline = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString()
    const cp = await api('POST', '/campaigns', admin, { form: 'teacher-training', period: '2024', title: '通知旅程 2024', deadline, org_id: me.json.org_id })
    assert(cp.status === 201, 'campaign ' + cp.status + ' ' + JSON.stringify(cp.json))
    let sub = await api('POST', '/submissions', clerk, { form: 'teacher-training', period: '2024' })
    assert(sub.status === 201 || sub.status === 200, 'open ' + sub.status)
    sub = await api('PUT', `/submissions/${sub.json.id}`, clerk, { values: { payroll_total: '1000000', training_spend: '20000' }, version: sub.json.version })
    assert(sub.status === 200, 'save ' + sub.status + ' ' + JSON.stringify(sub.json))
    sub = await api('POST', `/submissions/${sub.json.id}/submit`, clerk, { version: sub.json.version })
    assert(sub.status === 200, 'submit ' + sub.status + ' ' + JSON.stringify(sub.json))
    subID = sub.json.id
    const before = (await api('GET', '/inbox/unread', clerk)).json.unread
    const ret = await api('POST', `/submissions/${subID}/return`, reviewer, { comment: '请核对培训经费', version: sub.json.version })
    assert(ret.status === 200, 'return ' + ret.status)

    // The scheduler runs every TIANBAO_NOTIFY_INTERVAL (5 s under scripts/test.sh, 1 min by default).
    let item = null
    for (let i = 0; i < 90 && !item; i++) {
      const r = await api('GET', '/inbox?unread=1&page_size=50', clerk)
      item = r.json.items.find((x) => x.rule === 'returned' && x.link === `/fill/${subID}`)
      if (!item) await new Promise((res) => setTimeout(res, 2000))
    }
    assert(item, 'the return never reached the clerk\'s inbox')
    assert(item.title.includes('退回'), 'title in Chinese: ' + item.title)

    const { ctx, page } = await newPage()
    await login(page, 'xhzx')
    await page.getByTestId('tab-inbox').waitFor()
    await page.waitForFunction(() => document.querySelector('[data-testid="tab-inbox"] .van-badge')?.textContent?.trim(), null, { timeout: 15000 })
    const shown = await badge(page)
    assert(shown === String(before + 1), `badge "${shown}", want ${before + 1}`)
    const tab = await page.getByTestId('tab-inbox').boundingBox()
    assert(tab.width >= 44 && tab.height >= 44, 'inbox tab ' + JSON.stringify(tab))
    await snap(page, 'notify-badge')
    await page.getByTestId('tab-inbox').click()
    await page.waitForURL(/\/inbox$/)
    const row = page.getByTestId('inbox-item-' + item.id)
    await row.waitFor()
    assert((await row.textContent()).includes('退回'), 'the item lists the return')
    assert(!(await row.textContent()).includes('**'), 'Markdown marks are not shown')
    await noHScroll(page, 'inbox 390')
    await axe(page, 'inbox')
    await snap(page, 'notify-inbox')
    const mark = page.getByTestId('inbox-read-' + item.id)
    const mb = await mark.boundingBox()
    assert(mb.width >= 44 && mb.height >= 44, 'mark-read button ' + JSON.stringify(mb))
    // Mark everything read so the badge must disappear (other items may be unread too).
    await mark.click()
    await page.getByTestId('inbox-read-' + item.id).waitFor({ state: 'detached' })
    if (await page.getByTestId('inbox-read-all').count()) await page.getByTestId('inbox-read-all').click()
    await page.waitForFunction(() => !document.querySelector('[data-testid="tab-inbox"] .van-badge'), null, { timeout: 10000 })
    assert((await api('GET', '/inbox/unread', clerk)).json.unread === 0, 'the server still counts unread items')
    // The item stays, read; a reload shows no badge.
    await page.reload()
    await row.waitFor()
    assert((await badge(page)) === '', 'badge after reload: ' + (await badge(page)))
    assert((await page.getByTestId('inbox-read-' + item.id).count()) === 0, 'still marked unread after reload')
    // Tapping the item opens the returned form.
    await row.locator('button.open').click()
    await page.waitForURL(new RegExp(`/fill/${subID}$`))
    await ctx.close()
  })

  await step('notify: settings — the clerk\'s e-mail (field error, then saved) and the org admin\'s robots masked; 320 px, English, axe', async () => {
    const { ctx, page } = await newPage()
    await login(page, 'xhzx')
    await page.goto(BASE + '/settings/notifications')
    await page.getByTestId('notify-email').waitFor()
    await page.getByTestId('notify-email').locator('input').fill('not-an-address')
    await page.getByTestId('notify-save-mine').click()
    await page.getByText('请输入有效的邮箱地址').waitFor()
    await page.getByTestId('notify-email').locator('input').fill('xhzx@example.edu.cn')
    await page.getByTestId('notify-save-mine').click()
    await page.getByText('请输入有效的邮箱地址').waitFor({ state: 'detached' })
    const mine = await api('GET', '/me/notifications', await token('xhzx'))
    assert(mine.json.email === 'xhzx@example.edu.cn', 'e-mail not saved: ' + JSON.stringify(mine.json))
    assert((await page.getByTestId('org-robots').count()) === 0, 'a clerk sees no robots')
    await axe(page, 'notify settings (clerk)')
    for (const path of ['/inbox', '/settings/notifications']) {
      await page.goto(BASE + path)
      for (const w of [390, 320]) {
        for (const lang of ['zh-CN', 'en']) {
          await page.setViewportSize({ width: w, height: 740 })
          const now = await page.getByTestId('lang-switch').getAttribute('lang')
          if ((lang === 'en') === (now === 'en')) await page.getByTestId('lang-switch').click()
          await page.waitForTimeout(100)
          await noHScroll(page, `${path} ${w} ${lang}`)
        }
      }
    }
    // Dark mode (the system's preference): the inbox and the settings still pass axe.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.emulateMedia({ colorScheme: 'dark' })
    for (const path of ['/inbox', '/settings/notifications']) {
      await page.goto(BASE + path)
      await page.getByTestId(path === '/inbox' ? 'inbox-list' : 'notify-email').waitFor({ state: 'attached' })
      await axe(page, path + ' (dark)')
    }
    await ctx.close()

    const admin = await newPage()
    await login(admin.page, 'wlzx')
    await admin.page.goto(BASE + '/settings/notifications')
    await admin.page.getByTestId('robot-wecom').waitFor()
    const key = 'journey-key-' + Date.now()
    await admin.page.getByTestId('robot-wecom').locator('input').fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=' + key)
    await admin.page.getByTestId('robot-save').click()
    await admin.page.getByTestId('robot-wecom-state').filter({ hasText: 'qyapi.weixin.qq.com' }).waitFor()
    const html = await admin.page.content()
    assert(!html.includes(key), 'the robot key is shown after saving')
    for (const w of [390, 320]) {
      for (const lang of ['zh-CN', 'en']) {
        await admin.page.setViewportSize({ width: w, height: 740 })
        const now = await admin.page.getByTestId('lang-switch').getAttribute('lang')
        if ((lang === 'en') === (now === 'en')) await admin.page.getByTestId('lang-switch').click()
        await admin.page.getByTestId('robot-save').waitFor()
        await noHScroll(admin.page, `settings ${w} ${lang}`)
      }
    }
    await axe(admin.page, 'notify settings (org admin)')
    await snap(admin.page, 'notify-settings')
    await admin.ctx.close()
  })
}
