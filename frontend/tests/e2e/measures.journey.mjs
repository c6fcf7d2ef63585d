// Measures and supervision (issue 14, parts 1-3 and 5): a reviewer issues a 督办 notice to 区财政局
// on a phone; the unit's clerk finds it under the 督办 tab and answers it; the leader's board lists
// it with the measures and the units ranked. Each screen at 390 and 320 px in both languages:
// no horizontal scroll, controls at least 44×44, axe with no serious violation.

export default async (t) => {
  const { BASE, step, assert, snap, axe, newPage, login, api, token } = t

  async function noHScroll(page, label) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
  }
  async function big(page, testid) {
    const b = await page.getByTestId(testid).first().boundingBox()
    assert(b && b.width >= 44 && b.height >= 44, `${testid} is ${JSON.stringify(b)}, want at least 44×44`)
  }
  /** Both widths and both languages: no horizontal scroll; back to Chinese at 390. */
  async function widths(page, label) {
    for (const lang of ['zh', 'en']) {
      for (const w of [390, 320]) {
        await page.setViewportSize({ width: w, height: 740 })
        await page.waitForTimeout(100)
        await noHScroll(page, `${label} ${lang} ${w}`)
      }
      await page.getByTestId('lang-switch').click()
    }
    await page.setViewportSize({ width: 390, height: 844 })
  }

  const title = '教师培训经费保障情况（旅程 ' + Date.now() + '）'
  let noticeID = 0
  await step('measures: a reviewer issues a notice on a phone, the unit answers it, the leader\'s board shows it', async () => {
    // The reviewer, on a phone: from the measure's page to the issue form.
    const r = await newPage()
    await login(r.page, 'reviewer')
    await r.page.goto(BASE + '/measures/16')
    await r.page.getByTestId('measure-title').waitFor()
    assert((await r.page.getByTestId('measure-title').textContent()).includes('提升教师专业能力'), 'measure 16 page')
    await big(r.page, 'measure-issue')
    await r.page.getByTestId('measure-issue').click()
    await r.page.waitForURL(/\/notices\/new\?measure=16/)
    // The lapses the server detects in the reviewer's scope are offered as reasons: picking one
    // fills the unit, the reason and a title naming the form.
    const cand = await api('GET', '/notices/candidates', await token('reviewer'))
    assert(cand.status === 200, 'candidates: ' + cand.status)
    await big(r.page, 'nf-days')
    if (cand.json.items.length) {
      await r.page.getByTestId('nf-candidate').waitFor()
      assert((await r.page.locator('[data-testid="nf-candidate"] option').count()) === cand.json.items.length + 1, 'every candidate is offered')
      await big(r.page, 'nf-candidate')
      await r.page.getByTestId('nf-candidate').selectOption({ index: 1 })
      const c0 = cand.json.items[0]
      assert(Number(await r.page.getByTestId('nf-org').inputValue()) === c0.org_id, 'the lapse names the unit')
      assert((await r.page.getByTestId('nf-reason').inputValue()) === c0.reason, 'the lapse names the reason')
      assert((await r.page.getByTestId('nf-title').inputValue()).includes(c0.form_code), 'the title names the form')
      for (const w of [390, 320]) {
        await r.page.setViewportSize({ width: w, height: 740 })
        await noHScroll(r.page, `issue form with a lapse ${w}`)
      }
      await r.page.setViewportSize({ width: 390, height: 844 })
      await axe(r.page, 'issue notice from a lapse')
      await r.page.reload()
    } else {
      await r.page.getByTestId('nf-no-candidates').waitFor()
    }
    const org = r.page.getByTestId('nf-org')
    await r.page.waitForFunction(() => document.querySelectorAll('[data-testid="nf-org"] option').length > 2)
    await org.selectOption({ label: '区财政局' })
    await r.page.getByTestId('nf-title').fill(title)
    await r.page.getByTestId('nf-action').fill('报送教师培训经费预算安排情况（不低于教师工资总额1.5%）。')
    for (const id of ['nf-org', 'nf-reason', 'nf-title', 'nf-deadline', 'nf-submit']) await big(r.page, id)
    await noHScroll(r.page, 'issue form 390')
    await axe(r.page, 'issue notice')
    await snap(r.page, 'measures-issue')
    await r.page.getByTestId('nf-submit').click()
    await r.page.waitForURL(/\/notices\/\d+$/)
    noticeID = Number(new URL(r.page.url()).pathname.split('/').pop())
    await r.page.getByTestId('notice-status').waitFor()
    assert((await r.page.getByTestId('notice-status').textContent()).includes('待反馈'), 'a new notice awaits an answer')
    await r.ctx.close()

    // The clerk of 区财政局 on a phone: the 督办 tab lists the notice; the answer closes the loop.
    const c = await newPage()
    await login(c.page, 'czj')
    await c.page.getByTestId('tab-my-measures').click()
    await c.page.waitForURL(/\/measures\/mine$/)
    await c.page.getByTestId('notice-' + noticeID).waitFor()
    await c.page.getByTestId('my-measures').locator('a').first().waitFor()
    assert((await c.page.getByTestId('my-measures').locator('a').count()) === 6, '区财政局 is a unit of six measures')
    await big(c.page, 'open-report')
    await widths(c.page, 'my measures')
    await axe(c.page, 'my measures')
    await snap(c.page, 'measures-mine')
    // The quarter's progress report is the ordinary form, prefilled with a row per measure.
    await c.page.getByTestId('open-report').click()
    await c.page.waitForURL(/\/fill\/\d+$/)
    await c.page.getByTestId('row-measures-5').waitFor()
    assert((await c.page.locator('[data-testid^="row-measures-"]').count()) === 6, 'six rows, one per measure')
    await widths(c.page, 'progress report')
    await snap(c.page, 'measures-report')
    await c.page.goBack()
    await c.page.waitForURL(/\/measures\/mine$/)
    await c.page.getByTestId('notice-' + noticeID).click()
    await c.page.waitForURL(new RegExp(`/notices/${noticeID}$`))
    await c.page.getByTestId('notice-text').fill('已将2026年教师培训经费按工资总额1.6%列入预算，附预算批复。')
    // A photo as a phone takes it (2400×1800 PNG, drawn in the page): the form scales it down to a
    // JPEG of at most 1600 px before it goes up with the answer, and shows its thumbnail.
    const photo = Buffer.from(await c.page.evaluate(() => {
      const cv = document.createElement('canvas')
      cv.width = 2400
      cv.height = 1800
      const g = cv.getContext('2d')
      for (let i = 0; i < 60; i++) {
        g.fillStyle = `hsl(${i * 6}, 70%, 50%)`
        g.fillRect((i * 40) % 2400, (i * 30) % 1800, 400, 300)
      }
      return cv.toDataURL('image/png').split(',')[1]
    }), 'base64')
    await c.page.getByTestId('notice-evidence').locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: photo })
    await c.page.getByTestId('notice-evidence').locator('.van-uploader__preview-image img').waitFor()
    const up = await c.page.getByTestId('notice-evidence').locator('.van-uploader__upload').boundingBox()
    assert(up && up.width >= 44 && up.height >= 44, 'the add-file control is at least 44×44: ' + JSON.stringify(up))
    const del = await c.page.getByTestId('notice-evidence').locator('.van-uploader__preview-delete').boundingBox()
    assert(del && del.width >= 44 && del.height >= 44, 'the remove control is at least 44×44: ' + JSON.stringify(del))
    await big(c.page, 'notice-answer')
    await widths(c.page, 'notice (unit)')
    await axe(c.page, 'notice (unit)')
    await c.page.getByTestId('notice-answer').click()
    await c.page.waitForFunction(() => document.querySelector('[data-testid="notice-status"]')?.textContent?.includes('已反馈'), null, { timeout: 10000 })
    assert((await c.page.getByTestId('notice-events').textContent()).includes('1.6%'), 'the answer is in the history')
    await c.page.getByTestId('notice-files').getByText('现场照片.jpg').waitFor()
    await big(c.page, 'notice-files')
    await widths(c.page, 'notice answered with a photo (unit)')
    await axe(c.page, 'notice answered with a photo (unit)')
    await snap(c.page, 'measures-answered')
    await c.ctx.close()

    // The server agrees, and the notice's audit trail has both steps.
    const detail = await api('GET', `/notices/${noticeID}`, await token('reviewer'))
    assert(detail.status === 200 && detail.json.status === 'answered', 'answered on the server: ' + JSON.stringify(detail.json))
    assert(detail.json.events.map((e) => e.kind).join(',') === 'issue,answer', 'events ' + JSON.stringify(detail.json.events))
    // Another school sees nothing of it.
    const other = await api('GET', `/notices/${noticeID}`, await token('xhzx'))
    assert(other.status === 404, 'a school reads the notice: ' + other.status)
    // The photo went up scaled down, as a JPEG, and only the notice's parties download it.
    const ev = detail.json.events[1].evidence
    assert(ev.length === 1 && ev[0].name === '现场照片.jpg' && ev[0].content_type === 'image/jpeg' && ev[0].size > 0 && ev[0].size < photo.length,
      'the evidence as sent: ' + JSON.stringify(ev) + ' from a PNG of ' + photo.length)
    const path = ev[0].url.replace(/^\/api\/v1/, '')
    const got = await fetch(BASE + '/api/v1' + path, { headers: { Authorization: 'Bearer ' + (await token('reviewer')) } })
    const bytes = new Uint8Array(await got.arrayBuffer())
    assert(got.status === 200 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes.length === ev[0].size, 'the bureau downloads the JPEG: ' + got.status)
    const theirs = await fetch(BASE + '/api/v1' + path, { headers: { Authorization: 'Bearer ' + (await token('xhzx')) } })
    assert(theirs.status === 404, 'a school downloads the evidence: ' + theirs.status)

    // The leader's board: the notice among those not closed, the measures and the units ranked.
    const l = await newPage()
    await login(l.page, 'leader')
    await l.page.getByTestId('tab-measures').click()
    await l.page.waitForURL(/\/measures$/)
    await l.page.getByTestId('notice-' + noticeID).waitFor()
    assert((await l.page.getByTestId('notice-' + noticeID).textContent()).includes('已反馈'), 'the board shows the answered notice')
    assert((await l.page.getByTestId('board-measures').locator('a').count()) === 20, 'twenty measures on the board')
    assert((await l.page.getByTestId('board-units').locator('li').count()) > 0, 'units ranked')
    await big(l.page, 'measure-16')
    await widths(l.page, 'board')
    await axe(l.page, 'measures board')
    await snap(l.page, 'measures-board')
    // Every notice, by status: ours is answered.
    await l.page.getByTestId('all-notices').click()
    await l.page.waitForURL(/\/notices$/)
    await l.page.getByTestId('notices-answered').click()
    await l.page.getByTestId('notice-list').getByTestId('notice-' + noticeID).waitFor()
    await big(l.page, 'notices-answered')
    await widths(l.page, 'notice list')
    await axe(l.page, 'notice list')
    await l.page.goBack()
    await l.page.waitForURL(/\/measures$/)
    await l.page.getByTestId('measure-17').click()
    await l.page.waitForURL(/\/measures\/17$/)
    await l.page.getByTestId('measure-reports').waitFor({ state: 'attached' })
    await widths(l.page, 'measure page')
    await axe(l.page, 'measure page')
    await snap(l.page, 'measures-measure')
    await l.ctx.close()
  })
}
