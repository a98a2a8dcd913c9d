// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { HookContext } from '@feathersjs/feathers'
import { noticeEvent, retryOnRateLimit } from './retry-on-rate-limit.ts'

const refused = (retryAfter?: unknown) => Object.assign(new Error('Too many requests'), { code: 429, data: retryAfter === undefined ? undefined : { retryAfter } })

function call(method: string, service: Record<string, (...args: unknown[]) => Promise<unknown>>) {
  return { method, path: 'flows', id: 'f1', data: { name: 'x' }, params: {}, service } as unknown as HookContext
}

describe('retryOnRateLimit', () => {
  it('waits the retryAfter the server named, says so, and tries once more', async () => {
    const notices: unknown[] = []
    const listener = (event: Event) => notices.push((event as CustomEvent).detail)
    window.addEventListener(noticeEvent, listener)
    const waited: number[] = []
    const service = { patch: vi.fn(async () => ({ id: 'f1', ok: true })) }
    const context = call('patch', service)
    await retryOnRateLimit(async (ms) => void waited.push(ms))(context, async () => {
      throw refused(3)
    })
    window.removeEventListener(noticeEvent, listener)
    expect(waited).toEqual([3000])
    expect(notices).toEqual([{ message: 'The server asked to slow down: trying again in 3 s…', seconds: 3 }])
    expect(service.patch).toHaveBeenCalledWith('f1', { name: 'x' }, { retriedAfterRateLimit: true })
    expect(context.result).toEqual({ id: 'f1', ok: true })
  })

  it('lets other errors, long waits, waits it cannot read and a second refusal through', async () => {
    const wait = vi.fn(async () => undefined)
    const service = { find: vi.fn(async () => ({})) }
    for (const error of [Object.assign(new Error('nope'), { code: 400 }), refused(), refused(31), refused('soon'), refused(Number.NaN)]) {
      await expect(retryOnRateLimit(wait)(call('find', service), async () => Promise.reject(error))).rejects.toBe(error)
    }
    const again = { ...call('find', service), params: { retriedAfterRateLimit: true } } as unknown as HookContext
    const second = refused(1)
    await expect(retryOnRateLimit(wait)(again, async () => Promise.reject(second))).rejects.toBe(second)
    expect(wait).not.toHaveBeenCalled()
    expect(service.find).not.toHaveBeenCalled()
  })
})
