// The clerk's phone (issue 13 items 5, 8, 9, 10): the task list's "x of y done" and whole-card tap,
// a 4000×3000 photo scaled to 1600 px before upload with a thumbnail, the teacher-training ratio as a
// percentage beside its target, and an English pass over tasks, a form and its history without CJK
// outside data names (org and user names, what people typed, file names).

/** The width and height of a JPEG, read from its first SOF marker. */
function jpegSize(buf) {
  let i = 2
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) return null
    const marker = buf[i + 1]
    const len = buf.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) }
    }
    i += 2 + len
  }
  return null
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/

export default async (t) => {
  const { BASE, step, assert, snap, axe, newPage, login, typeInto, waitSynced, confirmDialog, api, token } = t

  /** The clerk's task of a form, from the API. */
  async function taskOf(tok, form) {
    const r = await api('GET', '/tasks?page_size=100', tok)
    assert(r.status === 200, 'tasks ' + r.status)
    return { all: r.json.items, task: r.json.items.find((x) => x.form === form) }
  }

  await step('clerk task list: "x of y done" from the tasks, overdue first, the whole card opens the form, by keyboard too', async () => {
    const { ctx, page } = await newPage(true)
    await login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]')
    const { all } = await taskOf(await token('xhzx'), 'family-school')
    const done = all.filter((x) => x.status === 'submitted' || x.status === 'approved').length
    const summary = (await page.getByTestId('tasks-done').textContent()).trim()
    assert(summary === `共 ${all.length} 项，已完成 ${done} 项`, `summary "${summary}", want ${done} of ${all.length}`)
    // Overdue and not handed in come first.
    const order = await page.$$eval('[data-testid="task-list"] > li', (els) => els.map((e) => e.classList.contains('overdue')))
    const firstOnTime = order.indexOf(false)
    assert(firstOnTime === -1 || !order.slice(firstOnTime).includes(true), 'overdue tasks first: ' + JSON.stringify(order))
    // Sorting by status puts returned, then not started, before the handed-in ones.
    await page.getByTestId('tasks-sort').selectOption('status')
    const rank = { returned: 0, not_started: 1, draft: 2, submitted: 3, approved: 4 }
    const statuses = await page.$$eval('[data-testid="task-list"] > li', (els) => els.map((e) => e.getAttribute('data-testid').slice(5)))
    const ranks = statuses.map((f) => rank[all.find((x) => x.form === f).status])
    assert(ranks.every((r, i) => i === 0 || ranks[i - 1] <= r), 'sorted by status: ' + JSON.stringify(ranks))
    await snap(page, 'clerk-tasks-sorted')
    await axe(page, 'clerk tasks')
    // A tap near the card's bottom-right corner, away from the title, opens the form.
    const card = page.getByTestId('task-family-school')
    const box = await card.boundingBox()
    assert(box.height >= 44, 'card height ' + box.height)
    await card.click({ position: { x: box.width - 12, y: box.height - 12 } })
    await page.waitForURL(/\/fill\/\d+/, { timeout: 10000 })
    await page.waitForSelector('[data-testid="form-renderer"]')
    // Back, and open another card from the keyboard.
    await page.goBack()
    await page.waitForSelector('[data-testid="task-list"]')
    const btn = page.locator('[data-testid^="task-open-"]:not([data-testid="task-open-family-school"])').first()
    await btn.focus()
    assert(await btn.evaluate((b) => b.tagName === 'BUTTON' && document.activeElement === b), 'the card is a focusable button')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/fill\/\d+/, { timeout: 10000 })
    await ctx.close()
  })

  await step('clerk photo: a 4000×3000 photo goes up scaled to 1600 px and shows a thumbnail', async () => {
    const { ctx, page } = await newPage(true)
    await login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]')
    await page.getByTestId('task-open-sports-arts').click()
    await page.waitForSelector('[data-testid="form-renderer"]')
    await page.getByTestId('input-sports_specialist-yes').click()
    await page.waitForSelector('[data-testid="field-sports_certificate"]')
    // A photo as a phone takes it: 4000×3000, noisy enough to weigh megabytes.
    const b64 = await page.evaluate(async () => {
      const c = document.createElement('canvas')
      c.width = 4000
      c.height = 3000
      const g = c.getContext('2d')
      const grad = g.createLinearGradient(0, 0, 4000, 3000)
      grad.addColorStop(0, '#2a6')
      grad.addColorStop(1, '#c42')
      g.fillStyle = grad
      g.fillRect(0, 0, 4000, 3000)
      const img = g.getImageData(0, 0, 4000, 3000)
      let s = 7
      for (let i = 0; i < img.data.length; i += 4) {
        s = (s * 1103515245 + 12345) & 0x7fffffff
        img.data[i] ^= s & 63
      }
      g.putImageData(img, 0, 0)
      const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.92))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(bin)
    })
    const original = Buffer.from(b64, 'base64')
    const os = jpegSize(original)
    assert(os && os.width === 4000 && os.height === 3000, 'made a 4000×3000 JPEG: ' + JSON.stringify(os))
    const before = await page.$$('[data-testid^="file-sports_certificate-"]')
    await page.getByTestId('input-sports_certificate').setInputFiles({ name: 'big-photo.jpg', mimeType: 'image/jpeg', buffer: original })
    const i = before.length
    await page.waitForSelector(`[data-testid="file-sports_certificate-${i}"]`, { timeout: 20000 })
    await waitSynced(page)
    // What the server stored: at most 1600 px, smaller than the original.
    const id = Number(page.url().split('/').pop())
    const tok = await token('xhzx')
    const sub = (await api('GET', `/submissions/${id}`, tok)).json
    const att = sub.values.sports_certificate[i]
    assert(att && att.name === 'big-photo.jpg' && att.content_type === 'image/jpeg', 'attachment saved: ' + JSON.stringify(att))
    const res = await fetch(`${BASE}/api/v1/attachments/${att.id}`, { headers: { Authorization: 'Bearer ' + tok } })
    const stored = Buffer.from(await res.arrayBuffer())
    const ss = jpegSize(stored)
    assert(ss && Math.max(ss.width, ss.height) === 1600 && ss.width === 1600 && ss.height === 1200, 'stored photo is 1600×1200: ' + JSON.stringify(ss))
    assert(stored.length < original.length, `stored ${stored.length} bytes, original ${original.length}`)
    console.log(`    photo: ${original.length} bytes at 4000×3000 -> ${stored.length} bytes at ${ss.width}×${ss.height}`)
    // The thumbnail, not the file name only.
    const thumb = page.getByTestId(`thumb-sports_certificate-${i}`)
    await thumb.waitFor({ timeout: 10000 })
    await page.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth > 0, `[data-testid="thumb-sports_certificate-${i}"]`)
    const nat = await thumb.evaluate((img) => ({ w: img.naturalWidth, h: img.naturalHeight, alt: img.alt }))
    assert(nat.w === 256 && nat.h === 192 && nat.alt.includes('big-photo.jpg'), 'thumbnail 256×192 with its name: ' + JSON.stringify(nat))
    await snap(page, 'clerk-photo-thumbnail')
    await axe(page, 'fill with a photo thumbnail')
    await ctx.close()
  })

  await step('clerk ratio: teacher-training reads its ratio as a percentage with the plan target', async () => {
    const { ctx, page } = await newPage(true)
    await login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]')
    await page.getByTestId('task-open-teacher-training').click()
    await page.waitForSelector('[data-testid="form-renderer"]')
    let want
    if (await page.getByTestId('submit').count()) {
      await typeInto(page, 'input-payroll_total', '1000000')
      await typeInto(page, 'input-training_spend', '13800')
      want = '1.38%'
    } else {
      // Handed in by the earlier journeys: the percentage of what the server holds.
      const id = Number(page.url().split('/').pop())
      const s = (await api('GET', `/submissions/${id}`, await token('xhzx'))).json
      want = ((Number(s.values.training_spend) / Number(s.values.payroll_total)) * 100).toFixed(2) + '%'
    }
    const ratio = await page.getByTestId('input-training_ratio').locator('input').inputValue()
    assert(ratio === want, `ratio reads ${ratio}, want ${want}`)
    const target = (await page.getByTestId('target-training_ratio').textContent()).trim()
    assert(target === '目标 ≥ 1.5%', 'target beside it: ' + target)
    for (const k of ['payroll_total', 'training_ratio', 'trainees']) {
      const n = await page.locator(`[data-testid="field-${k}"] input`).count()
      assert(n === 1, `${k} is rendered once (${n} inputs)`)
    }
    if (want === '1.38%') {
      const warn = await page.getByTestId('issue-training_spend-warning').textContent()
      assert(warn.includes('1.5%'), 'the warning: ' + warn)
      await waitSynced(page)
      await page.getByTestId('submit').click()
      await confirmDialog(page)
      await page.waitForSelector('[data-testid="fill-status"]:has-text("已提交")', { timeout: 10000 })
      await page.getByTestId('history-link').click()
      await page.waitForSelector('[data-testid="history-warnings"]')
      assert((await page.getByTestId('history-warning-training_spend').textContent()).includes('1.5%'), 'the warning in the history')
    }
    await snap(page, 'clerk-ratio-percent')
    await ctx.close()
  })

  await step('clerk in English: tasks, a form and its history show no CJK outside data names', async () => {
    const { ctx, page } = await newPage(true)
    await page.addInitScript(() => localStorage.setItem('tb.lang', 'en'))
    await login(page, 'xhzx')
    await page.waitForSelector('[data-testid="task-list"]')
    const tok = await token('xhzx')
    const { all, task } = await taskOf(tok, 'teacher-training')
    const me = (await api('GET', '/me', tok)).json
    // Data names: orgs, people, what people typed (comments), file names.
    // The language switch names Chinese in Chinese ("中文"), as language pickers do.
    // A form its designer gave no English title (one the builder journey made) keeps its Chinese title.
    const untitled = (await api('GET', '/forms', tok)).json.items.filter((f) => !f.title_en).map((f) => f.title)
    const data = new Set(['中文', me.display_name, me.org_name, ...all.map((x) => x.org.name), ...untitled])
    const cjkLeft = async (where) => {
      await page.waitForTimeout(300) // English titles and thumbnails arrive after the list
      let text = await page.evaluate(() => document.body.innerText)
      for (const d of [...data].filter(Boolean).sort((a, b) => b.length - a.length)) text = text.split(d).join('')
      const bad = text.split('\n').filter((l) => CJK.test(l))
      assert(bad.length === 0, `${where}: CJK outside data names: ${JSON.stringify(bad.slice(0, 5))}`)
    }
    await page.waitForFunction(() => !/[\u3400-\u9fff]/.test(document.querySelector('[data-testid="task-open-teacher-training"]')?.textContent ?? '一'))
    const summary = (await page.getByTestId('tasks-done').textContent()).trim()
    assert(/^\d+ of \d+ done$/.test(summary), 'English summary: ' + summary)
    await cjkLeft('tasks')
    await snap(page, 'clerk-en-tasks')
    await axe(page, 'clerk tasks (English)')
    const id = task.submission_id
    assert(id, 'teacher-training has a submission')
    const sub = (await api('GET', `/submissions/${id}`, tok)).json
    const hist = (await api('GET', `/submissions/${id}/history`, tok)).json
    for (const r of hist.items) {
      data.add(r.actor)
      data.add(r.comment)
    }
    if (sub.comments) {
      data.add(sub.comments.comment)
      for (const v of Object.values(sub.comments.field_comments ?? {})) data.add(v)
    }
    await page.goto(`${BASE}/fill/${id}`)
    await page.waitForSelector('[data-testid="form-renderer"]')
    const target = (await page.getByTestId('target-training_ratio').textContent()).trim()
    assert(target === 'Target ≥ 1.5%', 'English target: ' + target)
    assert((await page.getByTestId('fill-section').textContent()).includes('Plan II(16)'), 'English plan section')
    await cjkLeft('teacher-training form')
    await snap(page, 'clerk-en-form')
    await axe(page, 'form (English)')
    await page.getByTestId('history-link').click()
    await page.waitForSelector('[data-testid="history-list"]')
    for (const d of await page.$$('details')) await d.evaluate((el) => (el.open = true))
    await cjkLeft('history')
    await snap(page, 'clerk-en-history')
    await axe(page, 'history (English)')
    // A form with photos: file names are data.
    const sa = all.find((x) => x.form === 'sports-arts')
    if (sa && sa.submission_id) {
      const s2 = (await api('GET', `/submissions/${sa.submission_id}`, tok)).json
      for (const a of s2.values.sports_certificate ?? []) data.add(a.name)
      await page.goto(`${BASE}/fill/${sa.submission_id}`)
      await page.waitForSelector('[data-testid="form-renderer"]')
      await cjkLeft('sports-arts form')
    }
    await ctx.close()
  })
}
