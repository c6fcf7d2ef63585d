// The form builder's draft (a Pinia setup store): the candidate schema being edited, the test
// values typed into the phone preview, the test cases saved from them, and the dry run and publish
// of the candidate.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { dryRunForm, exportFormXLSX, exportFormYAML, fetchFormSchema, publishForm, readFormXLSX } from '../api/builder'
import type { Check, Field, Form } from '../api/types'
import { useAsync } from '../composables/useAsync'
import { evaluate, type Result, type Values } from '../rules/evaluate'
import { clean, formFromYAML, formToYAML, freeKey, move, newField, newForm } from '../components/builder/model'
import { caseFromPreview, runTest, type FormWithTests, type TestCase } from '../components/builder/testcases'

export const useBuilder = defineStore('builder', () => {
  const form = ref<Form>(newForm())
  const selected = ref(-1)
  /** The values typed into the preview: what the clerk's app would hold. */
  const testValues = ref<Values>({})
  /** Last period's values typed for the fields the rules read as prev.<field>. */
  const testPrev = ref<Values>({})
  /** The form as it would be published. */
  const candidate = computed(() => clean(form.value))
  /** The clerk's evaluator over the test values: computed fields, hidden fields, errors, warnings. */
  const result = computed<Result>(() => {
    try {
      return evaluate(candidate.value, testValues.value, Object.keys(testPrev.value).length ? testPrev.value : null)
    } catch {
      return { values: {}, computed: {}, hidden: [], errors: [], warnings: [] }
    }
  })

  /** The form's test cases, each with how the clerk's evaluator fares on it (no differences: passes). */
  const tests = computed(() => ((form.value as FormWithTests).tests ?? []).map((tc) => {
    let diffs: string[]
    try {
      diffs = runTest(candidate.value, tc)
    } catch (e) {
      diffs = [e instanceof Error ? e.message : String(e)]
    }
    return { tc, diffs }
  }))

  const loader = useAsync(async (code: string, asCopy: boolean) => {
    const f = JSON.parse(JSON.stringify(await fetchFormSchema(code))) as Form
    if (asCopy) {
      f.code = `${f.code}-copy`
      f.version = 1
    }
    reset(f)
    return f
  })
  const dry = useAsync(() => dryRunForm(candidate.value))
  const pub = useAsync(() => publishForm(candidate.value))
  const exporter = useAsync((code: string) => exportFormYAML(code))
  const xlsxOut = useAsync((code: string) => exportFormXLSX(code))
  const xlsxIn = useAsync(async (file: Blob) => {
    const f = await readFormXLSX(file)
    reset(JSON.parse(JSON.stringify(f)) as Form)
    return f
  })

  // Any edit makes an earlier dry run (and publish answer) stale.
  watch(candidate, () => {
    dry.reset()
    pub.reset()
  })

  function reset(f: Form) {
    form.value = f
    selected.value = -1
    testValues.value = {}
    testPrev.value = {}
  }
  function start(code = '') {
    reset(newForm(code))
  }
  function addField(t: Field['type']) {
    form.value.fields.push(newField(t, freeKey(form.value.fields)))
    selected.value = form.value.fields.length - 1
  }
  function removeField(i: number) {
    const key = form.value.fields[i]?.key
    form.value.fields.splice(i, 1)
    if (key !== undefined) delete testValues.value[key]
    selected.value = -1
  }
  function moveField(i: number, d: number) {
    move(form.value.fields, i, i + d)
    if (selected.value === i) selected.value = i + d
  }
  function setCheck(c: Check) {
    const list = form.value.checks ?? (form.value.checks = [])
    const i = list.findIndex((x) => x.key === c.key)
    if (i >= 0) list[i] = c
    else list.push(c)
  }
  function removeCheck(key: string) {
    form.value.checks = (form.value.checks ?? []).filter((c) => c.key !== key)
  }
  function setTestValue(key: string, v: unknown) {
    const next = { ...testValues.value }
    if (v === undefined) delete next[key]
    else next[key] = v
    testValues.value = next
  }
  /** Saves the preview's values and what they give now as the test case name (replacing one so named). */
  function saveCase(name: string) {
    const f = form.value as FormWithTests
    const tc: TestCase = caseFromPreview(name, testValues.value, result.value, testPrev.value)
    const list = f.tests ?? (f.tests = [])
    const i = list.findIndex((x) => x.name === name)
    if (i >= 0) list[i] = tc
    else list.push(tc)
  }
  function removeCase(name: string) {
    const f = form.value as FormWithTests
    f.tests = (f.tests ?? []).filter((x) => x.name !== name)
  }
  /** Types a test case's values back into the preview. */
  function loadCase(name: string) {
    const tc = ((form.value as FormWithTests).tests ?? []).find((x) => x.name === name)
    if (!tc) return
    testValues.value = JSON.parse(JSON.stringify(tc.values ?? {})) as Values
    testPrev.value = JSON.parse(JSON.stringify(tc.prev ?? {})) as Values
  }
  function setTestPrev(key: string, v: string) {
    const next = { ...testPrev.value }
    if (v.trim() === '') delete next[key]
    else next[key] = v.trim()
    testPrev.value = next
  }
  function importYAML(text: string) {
    reset(formFromYAML(text))
  }
  const yaml = computed(() => formToYAML(form.value))

  return { form, selected, testValues, testPrev, candidate, result, tests, loader, dry, pub, exporter, xlsxOut, xlsxIn, yaml, start, reset, addField, removeField, moveField, setCheck, removeCheck, setTestValue, saveCase, removeCase, loadCase, setTestPrev, importYAML }
})
