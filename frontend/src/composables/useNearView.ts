// Whether an element is on screen or within a screen of it: what a long page draws next, so that
// a phone spends its time on what the reader can reach, not on the end of the page.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/**
 * near is true while el is in the viewport or less than `screens` viewport heights below (or
 * above) it, and false otherwise. Where the browser has no IntersectionObserver it stays true:
 * everything is drawn, as before.
 */
export function useNearView(el: Ref<Element | null | undefined>, screens = 1) {
  const near = ref(typeof IntersectionObserver === 'undefined')
  if (near.value) return near
  const margin = `${Math.round(screens * 100)}% 0px`
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) near.value = e.isIntersecting
  }, { rootMargin: margin })
  watch(el, (now, was) => {
    if (was) io.unobserve(was)
    if (now) io.observe(now)
  }, { immediate: true, flush: 'post' })
  onBeforeUnmount(() => io.disconnect())
  return near
}
