// Journey of the form builder (issue 16): a sysadmin on a 1280 px laptop builds a three-field form
// (two numbers and their computed ratio with a warning below a value), tests it on the phone
// preview (the clerk's renderer and evaluator) and sees the ratio and the warning, saves them as
// a test case that passes, dry-runs and publishes it (the server runs the case too); a change that retypes a field an indicator reads is refused naming the indicator.

async function laptop(t) {
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN' })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('    [pageerror]', e.message))
  return { ctx, page }
}

const fill = (page, id, v) => page.getByTestId(id).fill(String(v))

/** Adds a field of type ty and sets its key, labels, unit and minimum. */
async function addField(page, ty, key, label, labelEn, unit) {
  await page.getByTestId('bf-new-type').selectOption(ty)
  await page.getByTestId('bf-add').click()
  await fill(page, 'fe-key', key)
  await fill(page, 'fe-label', label)
  await fill(page, 'fe-label-en', labelEn)
  if (unit) await fill(page, 'fe-unit', unit)
  if (ty === 'integer') await fill(page, 'fe-min', '0')
}

export default async (t) => {
  const code = 'e2e-ratio-' + Date.now().toString(36)
  await t.step('builder: a sysadmin at 1280 px builds a ratio form with a warning, previews it with test values and publishes it', async () => {
    const { ctx, page } = await laptop(t)
    try {
      await t.login(page, 'admin')
      await page.goto(t.BASE + '/admin')
      await page.getByTestId('admin-tab-forms').click()
      await page.getByTestId('open-builder').click()
      await page.waitForSelector('[data-testid="builder"]')
      await page.getByTestId('builder-new').click()
      await fill(page, 'bm-code', code)
      await fill(page, 'bm-title', '师生比测试')
      await fill(page, 'bm-title-en', 'Teacher ratio test')
      await page.getByTestId('bm-ot-junior').check()
      await page.getByTestId('bm-ot-senior').check()

      await addField(page, 'integer', 'teachers', '专任教师数', 'Full-time teachers', '人')
      await addField(page, 'integer', 'students', '在校学生数', 'Students', '人')
      await addField(page, 'decimal', 'ratio', '师生比', 'Teacher-student ratio')
      await page.getByTestId('calc-arith').check()
      await page.getByTestId('calc-a').selectOption('teachers')
      await page.getByTestId('calc-op').selectOption('/')
      await page.getByTestId('calc-b').selectOption('students')

      await page.getByTestId('ck-field').selectOption('ratio')
      await page.getByTestId('ck-dir').selectOption('below')
      await fill(page, 'ck-value', '0.05')
      await fill(page, 'ck-message', '师生比低于 0.05，请核实')
      await fill(page, 'ck-message-en', 'The ratio is below 0.05: please check')
      await page.getByTestId('ck-add').click()
      await page.getByTestId('check-ratio_below').waitFor()

      // The phone preview: the clerk's renderer and evaluator over typed test values.
      const preview = page.getByTestId('builder-preview')
      await preview.getByTestId('field-ratio').waitFor()
      t.assert((await preview.getByTestId('preview-warning').count()) === 0, 'a warning before any value was typed')
      await t.typeInto(page, 'input-teachers', 4)
      await t.typeInto(page, 'input-students', 100)
      await page.getByTestId('builder-preview').getByText('师生比').first().click() // leave the input
      await page.waitForFunction(() => document.querySelector('[data-testid="computed-ratio"]')?.textContent?.trim() === '0.0400', null, { timeout: 5000 })
      await preview.getByTestId('preview-warning').first().waitFor()
      t.assert((await preview.getByTestId('preview-warning').first().textContent()).includes('师生比低于 0.05'), 'the preview shows the check\'s warning')
      await t.snap(page, 'builder-preview-1280')
      await t.axe(page, 'builder 1280')

      // Save the test values and what they give as a test case: it passes in the preview panel.
      await fill(page, 'tc-name', '师生比偏低')
      await page.getByTestId('tc-save').click()
      await page.waitForFunction(() => document.querySelector('[data-testid="tc-status-师生比偏低"]')?.textContent?.trim() === '通过', null, { timeout: 5000 })
      await t.snap(page, 'builder-test-case-1280')

      // Dry run on the server, then publish.
      await page.getByTestId('dry-run').click()
      await page.getByTestId('dry-run-result').waitFor()
      for (const k of ['teachers', 'students', 'ratio']) await page.getByTestId('diff-' + k).waitFor()
      await page.getByTestId('publish').click()
      await page.getByTestId('published').waitFor()
      const tok = await t.token('admin')
      const r = await t.api('GET', '/forms/' + code, tok)
      t.assert(r.status === 200 && r.json.version === 1 && r.json.fields.map((f) => f.key).join() === 'teachers,students,ratio', 'published form: ' + JSON.stringify(r.json))
      t.assert(r.json.checks?.[0]?.severity === 'warning', 'the warning check was published')
      t.assert(r.json.tests?.[0]?.name === '师生比偏低' && r.json.tests[0].expect?.warnings?.[0] === 'ratio_below', 'the test case was published with the form: ' + JSON.stringify(r.json.tests))
    } finally {
      await ctx.close()
    }
  })

  await t.step('builder: retyping a field an indicator reads is refused at dry run, naming the indicator', async () => {
    const { ctx, page } = await laptop(t)
    try {
      await t.login(page, 'admin')
      await page.goto(t.BASE + '/admin/builder')
      await page.getByTestId('builder-existing').selectOption('sports-arts')
      await page.getByTestId('builder-edit').click()
      await page.getByTestId('bf-sports_specialist').getByRole('button').first().click()
      await page.getByTestId('fe-type').selectOption('integer')
      await page.getByTestId('dry-run').click()
      await page.getByTestId('dry-run-error').waitFor()
      const text = await page.getByTestId('dry-run-error').textContent()
      t.assert(text.includes('sports.specialist_schools') && text.includes('indicator_field_retyped'), 'the refusal names the indicator: ' + text)
      t.assert((await page.getByTestId('publish').count()) === 0, 'publish offered after a refused dry run')
      await t.snap(page, 'builder-refused-1280')
    } finally {
      await ctx.close()
    }
  })

  await t.step('builder: the published form goes to a campaign for two schools, and a filler fills it on a 390 px phone with the ratio and its warning', async () => {
    const admin = await t.token('admin')
    const town = (await t.api('GET', '/orgs?q=town-chengnan&page_size=50', admin)).json.items.find((o) => o.code === 'town-chengnan')
    t.assert(town, 'town-chengnan exists')
    const { ctx, page } = await laptop(t)
    try {
      await t.login(page, 'admin')
      await page.goto(t.BASE + '/admin')
      await page.getByTestId('admin-tab-campaigns').click()
      await page.getByTestId('camp-form').selectOption(code)
      await page.getByTestId('camp-period').fill('2026')
      await page.getByTestId('camp-title').fill('2026 师生比测试')
      await page.getByTestId('camp-deadline').fill(new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10))
      await page.getByTestId('camp-org').selectOption(String(town.id))
      await page.getByTestId('camp-create').click()
      await page.waitForFunction(async (c) => {
        const el = document.querySelector('[data-testid="admin-campaigns"]')
        return !!el && el.textContent.includes(c)
      }, '2026 师生比测试', { timeout: 10000 })
    } finally {
      await ctx.close()
    }
    const camps = (await t.api('GET', `/campaigns?form=${code}&period=2026`, admin)).json.items
    // The town's orgs of the form's types (xhcz and xhzx in the seed; another journey may have retyped one).
    const orgs = (await t.api('GET', '/orgs?page_size=200', admin)).json.items
    const expected = orgs.filter((o) => o.active !== false && o.town_id === town.id && camps[0]?.org_types.includes(o.type))
    t.assert(camps.length === 1 && expected.some((o) => o.code === 'xhzx') && camps[0].task_count === expected.length,
      `one campaign for the town's ${expected.map((o) => o.code).join(', ')}: ` + JSON.stringify(camps))

    const { page: phone, ctx: pctx } = await t.newPage()
    try {
      await t.login(phone, 'xhzx')
      await phone.waitForSelector('[data-testid="task-list"]')
      await phone.getByTestId('task-open-' + code).click()
      await phone.waitForSelector('[data-testid="form-renderer"]')
      await t.typeInto(phone, 'input-teachers', 4)
      await t.typeInto(phone, 'input-students', 100)
      await phone.getByTestId('field-teachers').click()
      await phone.waitForFunction(() => document.querySelector('[data-testid="input-ratio"] input')?.value === '0.0400', null, { timeout: 5000 })
      const warn = await phone.getByTestId('issue-ratio-warning').textContent()
      t.assert(warn.includes('0.05'), 'the warning at the ratio: ' + warn)
      const [sw, iw] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
      t.assert(sw <= iw, `fill at 390: scrollWidth ${sw} > ${iw}`)
      await t.waitSynced(phone)
      await phone.getByTestId('submit').click()
      await t.confirmDialog(phone)
      await phone.waitForSelector('[data-testid="fill-status"]:has-text("已提交")', { timeout: 10000 })
      await t.snap(phone, 'builder-filled-390')
    } finally {
      await pctx.close()
    }
  })

  await t.step('builder: the published form exported as XLSX loads back into the builder with its fields and rules', async () => {
    const tok = await t.token('admin')
    const res = await fetch(`${t.BASE}/api/v1/forms/${code}/export.xlsx`, { headers: { Authorization: 'Bearer ' + tok } })
    t.assert(res.status === 200, 'export.xlsx: ' + res.status)
    const buffer = Buffer.from(await res.arrayBuffer())
    const { ctx, page } = await laptop(t)
    try {
      await t.login(page, 'admin')
      await page.goto(t.BASE + '/admin/builder')
      await page.getByText('XLSX（XLSForm 列）导入与导出').click()
      await page.getByTestId('builder-xlsx-file').setInputFiles({ name: code + '.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
      await page.getByTestId('bf-ratio').waitFor()
      t.assert((await page.getByTestId('bm-code').inputValue()) === code, 'the code read from the workbook')
      await page.getByTestId('bf-ratio').getByRole('button').first().click()
      t.assert(await page.getByTestId('calc-arith').isChecked(), 'the ratio rule reads back as A ÷ B')
      // Unchanged from the published version: the dry run says so.
      await page.getByTestId('dry-run').click()
      await page.getByTestId('dry-run-result').waitFor()
      t.assert((await page.getByTestId('dry-run-result').textContent()).includes('无需发布'), 'the workbook is the published version')
    } finally {
      await ctx.close()
    }
  })

  await t.step('builder at 390 and 320 px in Chinese and English: no horizontal scroll, every control at least 44×44, axe clean', async () => {
    for (const lang of ['zh-CN', 'en']) {
      for (const w of [390, 320]) {
        const ctx = await t.browser.newContext({ viewport: { width: w, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true, isMobile: true })
        const page = await ctx.newPage()
        try {
          if (lang === 'en') await page.addInitScript(() => localStorage.setItem('tb.lang', 'en'))
          await t.login(page, 'admin')
          await page.goto(t.BASE + '/admin/builder')
          await page.getByTestId('builder-existing').selectOption(code)
          await page.getByTestId('builder-edit').click()
          await page.getByTestId('bf-ratio').getByRole('button').first().click()
          await page.getByTestId('field-editor').waitFor()
          const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
          t.assert(sw <= iw, `builder ${lang} ${w}px: scrollWidth ${sw} > innerWidth ${iw}`)
          await t.axe(page, `builder ${lang} ${w}`)
          const small = await page.evaluate(() => {
            const out = []
            for (const el of document.querySelectorAll('[data-testid="builder"] :is(button, a[href], select, summary, input, textarea)')) {
              const box = el.getBoundingClientRect()
              // A Vant field's input fills its cell, which is the touch target (the clerk's renderer in the preview).
              if (!box.width || !box.height || el.classList.contains('van-field__control')) continue
              const r = ['checkbox', 'radio'].includes(el.type) && el.closest('label') ? el.closest('label').getBoundingClientRect() : box
              if (r.width < 44 || r.height < 44) out.push((el.getAttribute('data-testid') || el.tagName) + ` ${Math.round(r.width)}×${Math.round(r.height)}`)
            }
            return out
          })
          t.assert(small.length === 0, `builder ${lang} ${w}px: controls under 44×44: ${small.join(', ')}`)
          if (w === 390) await t.snap(page, `builder-${lang}-${w}`)
        } finally {
          await ctx.close()
        }
      }
    }
  })
}
