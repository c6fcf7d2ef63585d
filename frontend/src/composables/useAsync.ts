// Loading and error state for one asynchronous call: the data, whether it is loading, the error
// (and its sentence in the user's language). A later run wins: an earlier answer that arrives
// after it is dropped, so switching period or basis quickly never shows the old figures.
import { computed, ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { errorSentence } from '../api/errors'
import { i18n } from '../i18n'

export interface AsyncState<T, A extends unknown[]> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: ShallowRef<unknown>
  /** The error as a sentence for the user ('' when there is none). */
  errorText: Ref<string>
  /** Runs the call; resolves to its result, or undefined when it failed or a later run overtook it. */
  run: (...args: A) => Promise<T | undefined>
  reset: () => void
}

export function useAsync<T, A extends unknown[] = []>(fn: (...args: A) => Promise<T>, opts: { loading?: boolean } = {}): AsyncState<T, A> {
  const data = shallowRef<T | null>(null)
  const loading = ref(opts.loading ?? false)
  const error = shallowRef<unknown>(null)
  let seq = 0
  const errorText = computed(() => {
    if (error.value === null || error.value === undefined) return ''
    // Reading the locale makes the sentence follow a language switch.
    void i18n.global.locale.value
    const t = (k: string, named?: Record<string, unknown>) => (named ? i18n.global.t(k, named) : i18n.global.t(k))
    return errorSentence(error.value, t, (k: string) => i18n.global.te(k))
  })

  async function run(...args: A): Promise<T | undefined> {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const r = await fn(...args)
      if (mine !== seq) return undefined
      data.value = r
      return r
    } catch (e) {
      if (mine !== seq) return undefined
      data.value = null
      error.value = e
      return undefined
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function reset() {
    seq++
    data.value = null
    error.value = null
    loading.value = false
  }

  return { data, loading, error, errorText, run, reset }
}
