// Carry-forward on the clerk's phone (issue 15): last year's approved governance answers prefill
// the new year's draft, which shows "上期数据，请确认" on its carried section; one tap confirms it and
// the form submits. 390 px, no horizontal scroll, the confirm control at least 44×44, axe clean.

export default async (t) => {
  const { BASE, step, assert, snap, axe, newPage, login, confirmDialog, api, token } = t

  async function noHScroll(page, label) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
  }

  await step('carry: a new year\'s draft shows "上期数据，请确认", one tap per section confirms it, then it submits', async () => {
    const [admin, reviewer, clerk] = [await token('admin'), await token('reviewer'), await token('xhzx')]
    // Last year's governance campaign (demo mode opens one per seeded form): fill, submit and approve it.
    const cs = await api('GET', '/campaigns?form=governance', admin)
    assert(cs.status === 200 && cs.json.items.length > 0, 'governance campaigns ' + cs.status)
    const last = cs.json.items.map((c) => c.period).sort().pop()
    let r = await api('POST', '/submissions', clerk, { form: 'governance', period: last })
    assert(r.status === 200 || r.status === 201, 'open ' + last + ': ' + r.status)
    let d = r.json
    if (d.status !== 'approved') {
      r = await api('PUT', `/submissions/${d.id}`, clerk, { values: { party_led_in_place: true, party_org_type: 'branch' }, version: d.version })
      assert(r.status === 200, 'save ' + r.status + ' ' + JSON.stringify(r.json))
      r = await api('POST', `/submissions/${d.id}/submit`, clerk, { version: r.json.version })
      assert(r.status === 200, 'submit ' + r.status + ' ' + JSON.stringify(r.json))
      r = await api('POST', `/submissions/${d.id}/approve`, reviewer, { version: r.json.version })
      assert(r.status === 200, 'approve ' + r.status)
    }
    // The new year's campaign, and the clerk's draft of it: prefilled, its section pending.
    const next = String(Number(last) + 1)
    r = await api('POST', '/campaigns', admin, { form: 'governance', period: next, title: `${next} 领导体制`, deadline: new Date(Date.now() + 30 * 864e5).toISOString() })
    assert(r.status === 201, 'campaign ' + r.status + ' ' + JSON.stringify(r.json))
    r = await api('POST', '/submissions', clerk, { form: 'governance', period: next })
    assert(r.status === 201, 'open ' + next + ': ' + r.status)
    d = r.json
    assert(d.values.party_org_type === 'branch', 'carried values ' + JSON.stringify(d.values))
    assert(d.carry.length === 1 && d.carry[0].key === 'leadership' && d.carry[0].pending, 'carry ' + JSON.stringify(d.carry))

    const { ctx, page } = await newPage(true)
    await login(page, 'xhzx')
    await page.goto(BASE + '/fill/' + d.id)
    const banner = page.getByTestId('carry-banner')
    await banner.waitFor({ timeout: 10000 })
    const text = await banner.textContent()
    assert(text.includes('上期数据，请确认'), 'banner says ' + text)
    assert((await page.getByTestId('carry-leadership').getAttribute('data-pending')) === '1', 'leadership pending')
    const btn = page.getByTestId('carry-confirm-leadership')
    const box = await btn.boundingBox()
    assert(box && box.width >= 44 && box.height >= 44, 'confirm is ' + JSON.stringify(box))
    await noHScroll(page, 'carried draft')
    await snap(page, 'carry-pending')
    await axe(page, 'carried draft')

    await btn.click()
    await page.waitForSelector('[data-testid="carry-leadership"][data-pending="0"]', { timeout: 10000 })
    assert((await page.getByTestId('carry-confirm-leadership').count()) === 0, 'the confirm button is gone once confirmed')
    await snap(page, 'carry-confirmed')

    await page.getByTestId('submit').click()
    await confirmDialog(page)
    await page.waitForSelector('[data-testid="fill-status"]:has-text("已提交")', { timeout: 10000 })
    const after = await api('GET', `/submissions/${d.id}`, clerk)
    assert(after.json.status === 'submitted', 'status ' + after.json.status)
    await noHScroll(page, 'submitted')
    await ctx.close()
  })
}
