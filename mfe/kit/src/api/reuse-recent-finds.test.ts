import { describe, expect, it, vi } from 'vitest'
import type { HookContext, NextFunction } from '@feathersjs/feathers'
import { reuseRecentFinds } from './reuse-recent-finds.ts'

/** A client's service events by path, to emit as the server would. */
function fakeApp() {
  const listeners = new Map<string, Array<() => void>>()
  return {
    emit: (path: string, event: string) => listeners.get(`${path} ${event}`)?.forEach((listener) => listener()),
    app: { service: (path: string) => ({ on: (event: string, listener: () => void) => listeners.set(`${path} ${event}`, [...(listeners.get(`${path} ${event}`) ?? []), listener]) }) }
  }
}

function setup() {
  let time = 0
  const { app, emit } = fakeApp()
  const hook = reuseRecentFinds(() => time)
  let served = 0
  /** One call through the hook; the server answers a fresh object each time. */
  async function call(path: string, method = 'find', query: Record<string, unknown> = { $limit: 100 }, answer?: () => Promise<unknown>) {
    const context = { app, path, method, params: { query } } as unknown as HookContext
    const next: NextFunction = async () => {
      served += 1
      context.result = answer ? await answer() : { data: [{ id: `r${served}` }], total: 1 }
      return context
    }
    await hook(context, next)
    return context.result as { data: Array<{ id: string }> }
  }
  return { call, emit, served: () => served, advance: (ms: number) => (time += ms) }
}

describe('reuseRecentFinds', () => {
  it('answers the same list read again within 30 s from the first, each caller with its own copy', async () => {
    const { call, served, advance } = setup()
    const first = await call('agents')
    advance(29_000)
    const again = await call('agents')
    expect(served()).toBe(1)
    expect(again).toEqual(first)
    again.data.push({ id: 'mine' })
    expect((await call('agents')).data).toEqual([{ id: 'r1' }])
    advance(1_000)
    await call('agents')
    expect(served()).toBe(2)
  })

  it('reads afresh another query, another collection, and what it never reuses (executions, the dashboard)', async () => {
    const { call, served } = setup()
    await call('agents')
    await call('agents', 'find', { $limit: 100, $sort: { name: 1 } })
    await call('crews')
    await call('executions')
    await call('executions')
    await call('dashboard', 'find', { days: 14 })
    await call('dashboard', 'find', { days: 14 })
    expect(served()).toBe(7)
  })

  it('forgets a collection when the server says it changed, or a write goes through this client', async () => {
    const { call, emit, served } = setup()
    await call('agents')
    emit('agents', 'patched')
    await call('agents')
    expect(served()).toBe(2)
    await call('agents', 'create', {})
    await call('agents')
    expect(served()).toBe(4)
    await call('agents', 'remove', {}, async () => Promise.reject(new Error('refused')) as never).catch(() => undefined)
    await call('agents')
    expect(served()).toBe(6)
  })

  it('forgets everything at a log-in or log-out', async () => {
    const { call, served } = setup()
    await call('agents')
    await call('authentication', 'create', {})
    await call('agents')
    expect(served()).toBe(3)
  })

  it('shares one call between identical reads in flight, and never keeps a refused one', async () => {
    const { call, served } = setup()
    let answer!: (value: unknown) => void
    const pending = new Promise((resolve) => (answer = resolve))
    const reads = [call('tools', 'find', { $limit: 100 }, () => pending), call('tools', 'find', { $limit: 100 }, () => pending)]
    answer({ data: [{ id: 't1' }], total: 1 })
    expect(await Promise.all(reads)).toEqual([
      { data: [{ id: 't1' }], total: 1 },
      { data: [{ id: 't1' }], total: 1 }
    ])
    expect(served()).toBe(1)
    const refusal = vi.fn(async () => Promise.reject(Object.assign(new Error('Too many requests'), { code: 429 })))
    await expect(call('flows', 'find', {}, refusal)).rejects.toThrow('Too many requests')
    await call('flows', 'find', {})
    expect(served()).toBe(3)
  })
})
