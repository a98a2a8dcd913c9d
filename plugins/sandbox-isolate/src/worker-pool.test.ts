import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultLimits } from './limits.js'
import { defaultPoolSize, WorkerPool, workerHeapMb } from './worker-pool.js'
import type { WorkerJob } from './worker-protocol.js'

const crashingEntry = new URL('./fixtures/crashing-quickjs-worker.mjs', import.meta.url)
const job = (code: string, args: Record<string, unknown> = {}, limits: Partial<WorkerJob['limits']> = {}): WorkerJob => ({
  code,
  argsJson: JSON.stringify(args),
  limits: { ...defaultLimits, timeoutMs: 2_000, ...limits }
})
const double = (n: number) => job('export default ({ n }) => n * 2', { n })

const pools: WorkerPool[] = []
function newPool(...options: ConstructorParameters<typeof WorkerPool>): WorkerPool {
  const pool = new WorkerPool(...options)
  pools.push(pool)
  return pool
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()))
})

describe('sizing', () => {
  it('leaves a CPU to the server and stays between 2 and 4 workers', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(2)
    expect(defaultPoolSize()).toBeLessThanOrEqual(4)
    expect(() => new WorkerPool({ size: 0 })).toThrow('The worker pool size must be a positive integer, not 0')
  })

  it('gives workers a heap for the engine memory, never less than for the default', () => {
    expect(workerHeapMb(64)).toBe(224)
    expect(workerHeapMb(8)).toBe(224)
    expect(workerHeapMb(256)).toBe(608)
  })
})

describe('WorkerPool', () => {
  it('runs 8 concurrent calls on 2 workers, each with its own result', async () => {
    const pool = newPool({ size: 2, perTenant: 2 })
    const code = 'export default async ({ n }) => { globalThis.seen = n; for (let i = 0; i < 1e5; i++) if (i % 1e4 === 0) await null; console.log("n", n); return [globalThis.seen, n * n] }'
    const calls = Array.from({ length: 8 }, (_, n) => pool.run(job(code, { n })))
    await new Promise(setImmediate)
    expect(pool.workerCount).toBe(2)
    const replies = await Promise.all(calls)
    expect(replies.map(({ resultJson, logsJson }) => [JSON.parse(resultJson), JSON.parse(logsJson)])).toEqual(
      Array.from({ length: 8 }, (_, n) => [[n, n * n], [`n ${n}`]])
    )
    expect(pool.workerCount).toBe(2)
  })

  it('keeps a tenant to its share: its long runs never hold up another tenant', async () => {
    const pool = newPool({ size: 2 })
    const loop = job('export default () => { for(;;){} }', {}, { timeoutMs: 1_500 })
    const long = [pool.run(loop, undefined, 'tenant-a'), pool.run(loop, undefined, 'tenant-a')]
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = Date.now()
    await expect(pool.run(double(21), undefined, 'tenant-b')).resolves.toMatchObject({ resultJson: '42' })
    expect(Date.now() - started).toBeLessThan(1_000)
    for (const run of long) await expect(run).rejects.toThrow('Tool timed out after 1500 ms')
  })

  it('fails only the call whose worker dies, and replaces the worker', async () => {
    const pool = newPool({ size: 1, entry: crashingEntry })
    await expect(pool.run(double(1))).resolves.toMatchObject({ resultJson: '2' })
    const crashed = pool.run(job('crash'))
    const queued = pool.run(double(2))
    await expect(crashed).rejects.toThrow('Sandbox worker stopped during the call (exit code 70)')
    await expect(queued).resolves.toMatchObject({ resultJson: '4' })
    expect(pool.workerCount).toBe(1)
  })

  it('takes a waiting call out of the queue when it is aborted', async () => {
    const pool = newPool({ size: 1 })
    const busy = pool.run(job('export default () => { for(;;){} }', {}, { timeoutMs: 200 }))
    const controller = new AbortController()
    const queued = pool.run(double(3), controller.signal)
    controller.abort()
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' })
    await expect(busy).rejects.toThrow('Tool timed out after 200 ms')
    await expect(pool.run(double(4))).resolves.toMatchObject({ resultJson: '8' })
  })

  it('stops idle workers after the idle timeout', async () => {
    const pool = newPool({ size: 1, idleTimeoutMs: 50 })
    await pool.run(double(1))
    expect(pool.workerCount).toBe(1)
    await vi.waitFor(() => expect(pool.workerCount).toBe(0), { timeout: 2_000, interval: 20 })
  })

  it('makes room for a call that needs a larger heap than the idle worker has', async () => {
    const pool = newPool({ size: 1 })
    await pool.run(double(1))
    await expect(pool.run(job('export default () => 1', {}, { memoryMb: 128 }))).resolves.toMatchObject({ resultJson: '1' })
    await expect(pool.run(double(2))).resolves.toMatchObject({ resultJson: '4' })
  })

  it('closes: running and waiting calls fail, no worker is left, and the pool can start again', async () => {
    const pool = newPool({ size: 1 })
    await pool.run(double(1))
    const calls = Promise.allSettled([pool.run(job('export default () => { for(;;){} }')), pool.run(double(2))])
    await new Promise(setImmediate)
    await pool.close()
    expect(await calls).toMatchObject([
      { status: 'rejected', reason: { message: 'Sandbox worker stopped during the call (exit code 1)' } },
      { status: 'rejected', reason: { message: 'The sandbox is shutting down' } }
    ])
    expect(pool.workerCount).toBe(0)
    await expect(pool.run(double(5))).resolves.toMatchObject({ resultJson: '10' })
  })
})
