// Two clerk fixes of issue 13: a repeat row is deleted only after a named confirm dialog (cancel keeps
// it and its values), and a photo's thumbnail, fetched with the token itself, refreshes a missing or
// expired access token first instead of earning a 401.
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { computed, defineComponent, h, nextTick, reactive } from 'vue'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import Vant from 'vant'
import { i18n } from '../../src/i18n'
import FormRenderer from '../../src/components/FormRenderer.vue'
import { evaluate } from '../../src/rules/evaluate'
import type { Form } from '../../src/api/types'
import { api, type FetchLike } from '../../src/api/client'
import { fetchThumbnail } from '../../src/api/submissions'

const compulsory = parse(readFileSync(resolve(__dirname, '../../../seeds/forms/compulsory.yaml'), 'utf8')) as Form

function harness(initial: Record<string, unknown>) {
  const values = reactive<Record<string, unknown>>(initial)
  const Host = defineComponent({
    setup() {
      const result = computed(() => evaluate(compulsory, values))
      return () => h(FormRenderer, { form: compulsory, values, result: result.value, messagesFor: () => [], onSet: (k: string, v: unknown) => { if (v === undefined) delete values[k]; else values[k] = v } })
    },
  })
  return { w: mount(Host, { global: { plugins: [i18n, Vant] }, attachTo: document.body }), values }
}

/** Waits for the confirm dialog, checks its name, and answers it. */
async function answer(ok: boolean): Promise<HTMLElement> {
  let dialog: HTMLElement | null = null
  for (let i = 0; i < 50 && !dialog; i++) {
    await new Promise((r) => setTimeout(r, 10))
    dialog = [...document.querySelectorAll<HTMLElement>('.van-dialog[role="dialog"]')].find((d) => d.style.display !== 'none') ?? null
  }
  expect(dialog, 'a confirm dialog opened').not.toBeNull()
  const btn = dialog!.querySelector<HTMLElement>(ok ? '.van-dialog__confirm' : '.van-dialog__cancel')!
  btn.click()
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10))
  await nextTick()
  return dialog!
}

describe('repeat row delete', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('asks first: cancel keeps the row and its values, confirm removes it', async () => {
    const rows = [{ grade: 'g1', students: '45' }, { grade: 'g2', students: '50' }]
    const { w, values } = harness({ grades: rows })
    await w.find('[data-testid="remove-row-grades-1"]').trigger('click')
    const d = await answer(false)
    expect(d.querySelector('.van-dialog__header')?.textContent).toContain('2')
    expect(values.grades).toEqual(rows)
    expect(w.findAll('[data-testid^="row-grades-"]').length).toBe(2)

    await w.find('[data-testid="remove-row-grades-1"]').trigger('click')
    await answer(true)
    expect(values.grades).toEqual([{ grade: 'g1', students: '45' }])
    expect(w.findAll('[data-testid^="row-grades-"]').length).toBe(1)
    w.unmount()
  })
})

describe('fetchThumbnail', () => {
  const realFetch = api.fetchFn
  const realTokens = api.tokens
  afterEach(() => {
    api.fetchFn = realFetch
    api.tokens = realTokens
  })

  it('refreshes a missing access token before it asks for the thumbnail', async () => {
    const s = { a: null as string | null, r: 'r1' as string | null }
    api.tokens = { access: () => s.a, refresh: () => s.r, set: (t) => { s.a = t ? t.access_token : null; s.r = t ? t.refresh_token : null } }
    const calls: { url: string; auth: string | null }[] = []
    const f: FetchLike = async (url, init) => {
      const hd = new Headers(init?.headers)
      calls.push({ url, auth: hd.get('Authorization') })
      if (url.endsWith('/auth/refresh')) return new Response(JSON.stringify({ access_token: 'fresh', refresh_token: 'r2', expires_in: 900, token_type: 'Bearer' }), { status: 200, headers: { 'Content-Type': 'application/json' } })
      if (hd.get('Authorization') !== 'Bearer fresh') return new Response('{}', { status: 401 })
      return new Response(new Blob(['jpeg']), { status: 200, headers: { 'Content-Type': 'image/jpeg' } })
    }
    api.fetchFn = f
    const blob = await fetchThumbnail(7, 'a1')
    expect(await blob.text()).toBe('jpeg')
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh', '/api/v1/submissions/7/attachments/a1/thumbnail'])
    expect(calls[1].auth).toBe('Bearer fresh')
    expect(calls.every((c) => !c.url.includes('thumbnail') || c.auth === 'Bearer fresh')).toBe(true)
  })
})
