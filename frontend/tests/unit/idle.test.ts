import { afterEach, describe, expect, it, vi } from 'vitest'
import { whenIdle } from '../../src/idle'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  Reflect.deleteProperty(document, 'readyState')
})

describe('whenIdle', () => {
  it('waits for the page to load, then for the browser to be idle', async () => {
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true })
    const idle: { cb: () => void; timeout?: number }[] = []
    vi.stubGlobal('requestIdleCallback', (cb: () => void, o?: { timeout?: number }) => idle.push({ cb, timeout: o?.timeout }))
    let done = false
    const p = whenIdle(1500).then(() => (done = true))
    await Promise.resolve()
    expect(idle).toHaveLength(0)
    window.dispatchEvent(new Event('load'))
    expect(idle).toHaveLength(1)
    expect(idle[0].timeout).toBe(1500)
    await Promise.resolve()
    expect(done).toBe(false)
    idle[0].cb()
    await p
    expect(done).toBe(true)
  })

  it('without requestIdleCallback (Safari) it goes on in the next task once loaded', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('requestIdleCallback', undefined)
    let done = false
    const p = whenIdle().then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await p
    expect(done).toBe(true)
  })
})
