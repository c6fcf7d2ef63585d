// Multi-level review (issue 17) on a phone: the demo's school forms climb 学区 (town) → 区教委
// (bureau). xhzx (新华中学, in 城南街道) submits teacher-training; cnreview (城南街道's reviewer)
// passes it up; the bureau's reviewer sends it back to the town with a comment; the town returns it
// to the school with a field comment; the school fixes and resubmits; both levels approve. The
// clerk's phone says where it waits at each step (待学区审核, 待区教委审核, 已通过).

const FORM = 'teacher-training'

export default async (t) => {
  const { step, assert, snap, axe, newPage, login, typeInto, waitSynced, confirmDialog, api, token } = t

  /**
   * xhzx's teacher-training task of the demo campaign (the one reviewed town → district; other
   * journeys open teacher-training campaigns of other periods with one step), from the API.
   */
  let demoCampaign = null
  async function task() {
    if (!demoCampaign) {
      const cs = await api('GET', '/campaigns?page_size=100', await token('admin'))
      assert(cs.status === 200, 'campaigns ' + cs.status)
      demoCampaign = cs.json.items.find((c) => c.form === FORM && c.review_levels.join() === 'town,district')
      assert(demoCampaign, 'a teacher-training campaign reviewed town → district')
    }
    const r = await api('GET', '/tasks?page_size=100', await token('xhzx'))
    assert(r.status === 200, 'tasks ' + r.status)
    const tk = r.json.items.find((x) => x.form === FORM && x.campaign_id === demoCampaign.id)
    assert(tk, 'xhzx has the demo teacher-training task')
    return tk
  }
  /** The card of that task on the phone's list (a form can have a task in more than one period). */
  async function card(page) {
    const tk = await task()
    return page.getByTestId('task-' + FORM).filter({ hasText: new RegExp('期间[：:]\\s*' + tk.period + '(?!\\d)') })
  }
  async function submission(id) {
    const r = await api('GET', `/submissions/${id}`, await token('xhzx'))
    assert(r.status === 200, 'submission ' + r.status)
    return r.json
  }

  /** Opens xhzx's teacher-training on a phone, from the task list. */
  async function openForm(page) {
    await login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]')
    await (await card(page)).getByTestId('task-open-' + FORM).click()
    await page.waitForURL(/\/fill\/\d+/)
    await page.waitForSelector('[data-testid="form-renderer"]')
  }

  /** A reviewer opens xhzx's teacher-training from their own queue (待我审核, the default). */
  async function openFromQueue(page, user) {
    await login(page, user)
    await page.waitForURL(/\/review/)
    await page.waitForSelector('[data-testid="queue-list"]')
    const mine = page.getByTestId('scope-mine')
    assert((await mine.getAttribute('aria-checked')) === 'true', user + ' starts on 待我审核')
    await onlyDemoPeriod(page)
    await page.getByTestId('open-xhzx-' + FORM).click()
    await page.waitForSelector('[data-testid="review-values"]')
  }

  /** Narrows the queue to the demo period (other journeys hand in teacher-training for other periods). */
  async function onlyDemoPeriod(page) {
    const tk = await task()
    await page.getByTestId('filter-period').fill(tk.period)
    await page.getByTestId('filter-apply').click()
    await page.waitForSelector('[data-testid="queue-list"]')
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="open-"]')].every((a) => a.textContent.includes(document.querySelector('[data-testid="filter-period"]').value)))
  }

  async function statusOnPhone(page) {
    await login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]')
    return (await (await card(page)).getByTestId('task-status-' + FORM).textContent()).trim()
  }

  await step('review-levels (1) xhzx fills 教师培训经费 and submits; the phone says 待学区审核', async () => {
    // Earlier journeys may have handed this form in already: the bureau takes it back first.
    const tk = await task()
    if (tk.submission_id) {
      const s = await submission(tk.submission_id)
      const rtok = await token('reviewer')
      if (s.status === 'approved') {
        const r = await api('POST', `/submissions/${s.id}/reopen`, rtok, { version: s.version, comment: '多级审核演示：重新填报' })
        assert(r.status === 200, 'reopen for the journey: ' + r.status + ' ' + JSON.stringify(r.json))
      } else if (s.status === 'submitted') {
        const r = await api('POST', `/submissions/${s.id}/return`, rtok, { version: s.version, comment: '多级审核演示：重新填报' })
        assert(r.status === 200, 'return for the journey: ' + r.status + ' ' + JSON.stringify(r.json))
      }
    }
    const { ctx, page } = await newPage(true)
    await openForm(page)
    await typeInto(page, 'input-payroll_total', '1000000')
    await typeInto(page, 'input-training_spend', '20000')
    await typeInto(page, 'input-trainees', '40')
    await waitSynced(page)
    await page.getByTestId('submit').click()
    await confirmDialog(page)
    await page.waitForSelector('[data-testid="fill-level"][data-level="town"]', { timeout: 10000 })
    const tag = (await page.getByTestId('fill-level').textContent()).trim()
    assert(tag === '待学区审核', 'the form says where it waits: ' + tag)
    const note = await page.getByTestId('readonly-note').textContent()
    assert(note.includes('待学区审核'), 'the notice says so too: ' + note)
    assert((await page.getByTestId('step-town').getAttribute('data-state')) === 'current', 'the town step is current')
    assert((await page.getByTestId('step-district').getAttribute('data-state')) === 'todo', 'the bureau step is to come')
    await snap(page, 'levels-submitted')
    await axe(page, 'form waiting at the town')
    await page.goBack()
    await page.waitForSelector(`[data-testid="task-status-${FORM}"][data-level="town"]`)
    const st = (await (await card(page)).getByTestId('task-status-' + FORM).textContent()).trim()
    assert(st === '待学区审核', 'the task says 待学区审核: ' + st)
    await snap(page, 'levels-tasks-town')
    await ctx.close()
  })

  await step("review-levels (2) cnreview finds it in 待我审核 and passes it up to the bureau", async () => {
    const { ctx, page } = await newPage()
    await login(page, 'cnreview')
    await page.waitForURL(/\/review/)
    await page.waitForSelector('[data-testid="queue-list"]')
    await onlyDemoPeriod(page)
    const row = page.locator(`[data-testid="queue-item-xhzx-${FORM}"] [data-level="town"]`)
    await row.waitFor()
    assert((await row.textContent()).trim() === '待学区审核', 'the row shows its level')
    // A town reviewer's yes passes forms up: bulk reads 批量通过并上报.
    await page.waitForFunction(() => document.querySelector('[data-testid="bulk-approve"]')?.textContent.includes('批量通过并上报'))
    await snap(page, 'levels-town-queue')
    await axe(page, "town reviewer's queue")
    // Everything in scope shows the level of each submitted row.
    await page.getByTestId('scope-all').click()
    await page.waitForSelector(`[data-testid="queue-item-xhzx-${FORM}"] [data-level="town"]`)
    await page.getByTestId('scope-mine').click()
    await page.waitForSelector('[data-testid="queue-list"]')
    await page.getByTestId(`open-xhzx-${FORM}`).click()
    await page.waitForSelector('[data-testid="review-values"]')
    assert((await page.getByTestId('step-town').getAttribute('data-state')) === 'current', 'town is the current step')
    const label = (await page.getByTestId('approve').textContent()).trim()
    assert(label === '通过并上报区教委', 'the approve button passes up: ' + label)
    await snap(page, 'levels-town-review')
    await axe(page, 'town review')
    await page.getByTestId('approve').click()
    await confirmDialog(page)
    await page.waitForSelector('[data-testid="review-status"][data-level="district"]', { timeout: 10000 })
    assert((await page.getByTestId('review-status').textContent()).trim() === '待区教委审核', 'it now waits at the bureau')
    assert((await page.getByTestId('step-town').getAttribute('data-state')) === 'done', 'the town step is passed')
    assert((await page.getByTestId('approve').count()) === 0, 'no buttons for the town once it waits at the bureau (can_act false)')
    // The town can no longer act on it: 403 not_your_level.
    const s = await submission(page.url().split('/').pop())
    const r = await api('POST', `/submissions/${s.id}/approve`, await token('cnreview'), { version: s.version })
    assert(r.status === 403 && r.json.code === 'not_your_level', 'town approving at the bureau: ' + r.status + ' ' + JSON.stringify(r.json))
    await snap(page, 'levels-passed-up')
    await ctx.close()
  })

  await step('review-levels (3) xhzx sees 待区教委审核', async () => {
    const { ctx, page } = await newPage(true)
    const st = await statusOnPhone(page)
    assert(st === '待区教委审核', 'the task says 待区教委审核: ' + st)
    await ctx.close()
  })

  await step('review-levels (4) the bureau returns it to the town with a comment', async () => {
    const { ctx, page } = await newPage()
    await openFromQueue(page, 'reviewer')
    const label = (await page.getByTestId('approve').textContent()).trim()
    assert(label === '通过', 'at the last level the button approves: ' + label)
    await page.getByTestId('return-open').click()
    await page.getByTestId('return-to-below').check()
    const submitText = (await page.getByTestId('return-submit').textContent()).trim()
    assert(submitText === '退回学区重审', 'the return goes to the town: ' + submitText)
    await page.getByTestId('return-comment').fill('请学区复核参训人数')
    await snap(page, 'levels-bureau-return-form')
    await axe(page, 'return form with levels')
    await page.getByTestId('return-submit').click()
    await page.waitForSelector('[data-testid="review-status"][data-level="town"]', { timeout: 10000 })
    assert((await page.getByTestId('step-town').getAttribute('data-state')) === 'current', 'back at the town')
    await snap(page, 'levels-back-to-town')
    await ctx.close()
  })

  await step("review-levels (5) cnreview reads the bureau's comment and returns it to the school with a field comment", async () => {
    const { ctx, page } = await newPage()
    await openFromQueue(page, 'cnreview')
    await page.waitForSelector('[data-testid="review-from-above"]')
    const above = await page.getByTestId('review-from-above').textContent()
    assert(above.includes('区教委退回学区重审') && above.includes('请学区复核参训人数'), "the bureau's words: " + above)
    await page.getByTestId('return-open').click()
    assert((await page.getByTestId('return-to').count()) === 0, 'no level below the town')
    await page.getByTestId('return-comment').fill('参训人数与培训名册不符，请核实')
    await page.getByTestId('fc-trainees').fill('请按培训名册填写')
    await page.getByTestId('return-submit').click()
    await page.waitForSelector('[data-testid="review-status"][data-status="returned"]', { timeout: 10000 })
    await snap(page, 'levels-town-returned')
    await ctx.close()
  })

  await step('review-levels (6) xhzx sees the field comment, fixes it and resubmits; the history names the levels', async () => {
    const { ctx, page } = await newPage(true)
    await openForm(page)
    await page.waitForSelector('[data-testid="issue-trainees-comment"]')
    assert((await page.getByTestId('issue-trainees-comment').textContent()).includes('请按培训名册填写'), 'the field comment')
    await typeInto(page, 'input-trainees', '42')
    await waitSynced(page)
    await page.getByTestId('history-link').click()
    await page.waitForSelector('[data-testid="history-list"]')
    const hist = await page.getByTestId('history-list').textContent()
    for (const s of ['学区审核通过，上报区教委', '区教委退回学区重审', '学区退回填报单位']) assert(hist.includes(s), `history has "${s}"`)
    await snap(page, 'levels-history')
    await axe(page, 'history with levels')
    await page.goBack()
    await page.waitForSelector('[data-testid="submit"]')
    await page.getByTestId('submit').click()
    await confirmDialog(page)
    await page.waitForSelector('[data-testid="fill-level"][data-level="town"]', { timeout: 10000 })
    await ctx.close()
  })

  await step('review-levels (7) cnreview passes it up, the bureau approves, xhzx sees 已通过', async () => {
    {
      const { ctx, page } = await newPage()
      await openFromQueue(page, 'cnreview')
      await page.getByTestId('approve').click()
      await confirmDialog(page)
      await page.waitForSelector('[data-testid="review-status"][data-level="district"]', { timeout: 10000 })
      await ctx.close()
    }
    {
      const { ctx, page } = await newPage()
      await openFromQueue(page, 'reviewer')
      assert((await page.getByTestId('approve').textContent()).trim() === '通过', 'the bureau approves')
      await page.getByTestId('approve').click()
      await confirmDialog(page)
      await page.waitForSelector('[data-testid="review-status"][data-status="approved"]', { timeout: 10000 })
      for (const l of ['town', 'district']) assert((await page.getByTestId('step-' + l).getAttribute('data-state')) === 'done', l + ' passed')
      await snap(page, 'levels-approved')
      await ctx.close()
    }
    const { ctx, page } = await newPage(true)
    const st = await statusOnPhone(page)
    assert(st === '已通过', 'the task says 已通过: ' + st)
    await snap(page, 'levels-tasks-approved')
    await ctx.close()
  })

  await step('review-levels (8) leader: the progress counts what waits at each level; the board reads 学区已审', async () => {
    const ltok = await token('leader')
    const tk = await task()
    const comp = (await api('GET', `/campaigns/${tk.campaign_id}/completeness`, ltok)).json
    assert(comp && comp.campaign.review_levels.join() === 'town,district', 'the demo campaign climbs town then district: ' + JSON.stringify(comp?.campaign?.review_levels))
    const want = `待学区审核 ${comp.waiting.town ?? 0} / 待区教委审核 ${comp.waiting.district ?? 0}`
    const { ctx, page } = await newPage()
    await login(page, 'leader')
    await page.goto(t.BASE + '/leader?period=' + encodeURIComponent(tk.period))
    // The reporting progress is at the end of the board, drawn as the reader scrolls to it.
    await page.waitForSelector('[data-testid="indicator-list"], [data-testid="indicators-empty"]', { timeout: 15000 })
    await page.waitForFunction(() => {
      const more = document.querySelector('[data-testid="indicator-more"]')
      if (more) more.scrollIntoView()
      else window.scrollTo(0, document.documentElement.scrollHeight)
      return !!document.querySelector('[data-testid="completeness"]')
    }, null, { timeout: 15000, polling: 100 })
    const line = page.getByTestId('campaign-waiting-' + FORM)
    await line.waitFor({ timeout: 15000 })
    assert((await line.textContent()).trim() === want, `progress line "${(await line.textContent()).trim()}", want "${want}"`)
    await page.getByTestId('basis-passed_town').click()
    await page.waitForURL(/basis=passed_town/)
    await page.waitForSelector('[data-testid="indicator-list"], [data-testid="indicators-empty"]', { timeout: 15000 })
    assert((await page.getByTestId('basis-passed_town').getAttribute('aria-checked')) === 'true', '学区已审 is chosen')
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(scroll <= 0, 'no horizontal scroll with three bases: ' + scroll)
    await snap(page, 'levels-leader-passed-town')
    await axe(page, 'leader board, basis 学区已审')
    await ctx.close()
  })
}
