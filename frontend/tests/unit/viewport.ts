// happy-dom lays nothing out, and its IntersectionObserver never reports. This one reports what a
// test says: every observed element is near the viewport (setNear(true), the default: a tall
// screen on which everything is drawn) or not (setNear(false): a page scrolled far from it), each
// change reported to every observer, as the browser does when the reader scrolls.
type Entry = { isIntersecting: boolean; target: Element }
let near = true
const observers = new Set<TestIntersectionObserver>()

class TestIntersectionObserver {
  private els = new Set<Element>()
  constructor(private cb: (entries: Entry[]) => void) {
    observers.add(this)
  }
  observe(el: Element) {
    this.els.add(el)
    queueMicrotask(() => this.els.has(el) && this.cb([{ isIntersecting: near, target: el }]))
  }
  unobserve(el: Element) {
    this.els.delete(el)
  }
  disconnect() {
    this.els.clear()
    observers.delete(this)
  }
  notify() {
    if (this.els.size) this.cb([...this.els].map((target) => ({ isIntersecting: near, target })))
  }
  takeRecords() {
    return []
  }
}

/** Says whether every observed element is within reach of the viewport, and reports the change. */
export function setNear(v: boolean) {
  near = v
  for (const o of observers) o.notify()
}

export function installViewport() {
  ;(globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = TestIntersectionObserver
}
