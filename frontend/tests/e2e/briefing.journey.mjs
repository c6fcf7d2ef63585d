// The work briefing (issue 15, part 1): the leader downloads 下载简报 from the dashboard and the
// reviewer from the queue, on a phone; each gets a Word document (a zip beginning "PK") named for
// the period. The button is at least 44×44, the screens keep no horizontal scroll at 390 and 320 px
// in both languages, and axe finds no serious violation.
import { readFileSync } from 'node:fs'

export default async (t) => {
  const { BASE, step, assert, axe, newPage, login, snap } = t

  async function noHScroll(page, label) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`)
  }
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
  /** Taps 下载简报 and checks the download is a .docx zip of some size. */
  async function download(page, label) {
    const btn = page.getByTestId('briefing-download')
    await btn.scrollIntoViewIfNeeded()
    const b = await btn.boundingBox()
    assert(b && b.width >= 44 && b.height >= 44, `${label}: the button is ${JSON.stringify(b)}, want at least 44×44`)
    assert((await btn.textContent()).includes('下载简报'), `${label}: the button reads 下载简报`)
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), btn.click()])
    const name = dl.suggestedFilename()
    assert(/\.docx$/.test(name) && name.includes('简报'), `${label}: downloaded ${name}`)
    const body = readFileSync(await dl.path())
    assert(body.length > 10000 && body.subarray(0, 2).toString() === 'PK', `${label}: ${body.length} bytes, not a Word document`)
    assert((await page.getByTestId('briefing-error').count()) === 0, `${label}: an error is shown`)
  }

  await step('briefing: the leader downloads 下载简报 from the dashboard on a phone', async () => {
    const { ctx, page } = await newPage()
    await login(page, 'leader')
    await page.getByTestId('indicator-list').waitFor({ timeout: 20000 })
    await download(page, 'leader')
    await snap(page, 'briefing-leader')
    await axe(page, 'leader dashboard with the briefing button')
    await widths(page, 'leader dashboard')
    await ctx.close()
  })

  await step('briefing: the reviewer downloads 下载简报 from the queue', async () => {
    const { ctx, page } = await newPage()
    await login(page, 'reviewer')
    await page.goto(BASE + '/review')
    await page.getByTestId('queue-filters').waitFor()
    await download(page, 'reviewer')
    await axe(page, 'review queue with the briefing button')
    await widths(page, 'review queue')
    await ctx.close()
  })
}
