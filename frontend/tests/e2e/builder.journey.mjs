// Journey of the form builder (issue 16): a sysadmin on a 1280 px laptop builds a three-field form
// (two numbers and their computed ratio with a warning below a value), tests it on the phone
// preview (the clerk's renderer and evaluator) and sees the ratio and the warning, dry-runs and
// publishes it; a change that retypes a field an indicator reads is refused naming the indicator.

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
}
