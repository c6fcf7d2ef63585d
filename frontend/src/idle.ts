// Work the first screen does not need (the inbox badge, the sign-in providers' link) waits until
// the page has loaded and the main thread is idle, so that on a slow phone its requests do not take
// the few connections the screen's own files and figures are using, and its drawing does not add
// to the long tasks around the first paint (docs/performance.md).

/** Resolves once the page has loaded and the browser is idle (at most timeout ms after the load). */
export function whenIdle(timeout = 2000): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => {
      if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => resolve(), { timeout })
      else setTimeout(resolve, 1)
    }
    if (document.readyState === 'complete') idle()
    else window.addEventListener('load', idle, { once: true })
  })
}
