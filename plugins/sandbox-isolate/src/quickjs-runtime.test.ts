import { isPlugin, type ToolRunLimits } from '@troupe/sdk/plugin'
import { afterAll, describe, expect, it } from 'vitest'
import plugin, { quickjsToolRuntime } from './index.js'

const limits = { timeoutMs: 1_000, memoryMb: 32, maxOutputBytes: 10_000 }

function run(code: string, overrides: Partial<ToolRunLimits> = {}, signal?: AbortSignal) {
  return quickjsToolRuntime.run({ code, language: 'javascript', args: { n: 21 }, limits: { ...limits, ...overrides } }, { signal })
}

const healthy = () => expect(run('export default ({ n }) => n * 2')).resolves.toMatchObject({ result: 42, logs: [] })

/** How a call settles, how long it took, and how often the caller's event loop ran meanwhile. */
async function watch<T>(work: () => Promise<T>): Promise<{ settled: PromiseSettledResult<T>; ms: number; ticks: number }> {
  let ticks = 0
  const ticker = setInterval(() => ticks++, 20)
  const started = performance.now()
  const [settled] = await Promise.allSettled([work()])
  clearInterval(ticker)
  return { settled, ms: performance.now() - started, ticks }
}

afterAll(() => plugin.teardown?.(undefined))

describe('quickjsToolRuntime', () => {
  it('is available', async () => {
    await expect(quickjsToolRuntime.available()).resolves.toBe(true)
  })

  it('runs a JavaScript tool and reports result, logs and duration', async () => {
    const outcome = await quickjsToolRuntime.run(
      { code: 'export default ({ name }) => { console.log("greeting", name); return `hello ${name}` }', language: 'javascript', args: { name: 'Ada' }, limits },
      {}
    )
    expect(outcome).toMatchObject({ result: 'hello Ada', logs: ['greeting Ada'] })
    expect(outcome.durationMs).toBeGreaterThan(0)
    expect(outcome.durationMs).toBeLessThan(5_000)
  })

  it('fills limits the request leaves out with the defaults', async () => {
    const request = { code: 'export default () => "x".repeat(1_048_577)', language: 'javascript', args: {}, limits: {} as never }
    await expect(quickjsToolRuntime.run(request, {})).rejects.toThrow('Tool result exceeded the maxOutputBytes cap of 1048576 bytes')
  })

  it('refuses other languages and arguments that are not JSON', async () => {
    await expect(quickjsToolRuntime.run({ code: 'print(1)', language: 'python', args: {}, limits }, {})).rejects.toThrow(
      'The embedded sandbox runs javascript, not python'
    )
    await expect(quickjsToolRuntime.run({ code: 'export default () => 1', language: 'javascript', args: { n: 1n }, limits }, {})).rejects.toThrow(
      /^Tool arguments are not JSON-serializable: /
    )
  })

  it('passes the abort signal on', async () => {
    const signal = AbortSignal.timeout(50)
    await expect(run('export default async () => { for(;;) await null }', { timeoutMs: 10_000 }, signal)).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('worker threads', () => {
  it('keeps the caller’s event loop running through an endless loop, which times out', async () => {
    await healthy()
    const { settled, ms, ticks } = await watch(() => run('export default () => { for(;;){} }', { timeoutMs: 1_000 }))
    expect(settled).toMatchObject({ status: 'rejected', reason: { message: 'Tool timed out after 1000 ms' } })
    expect(ms).toBeGreaterThanOrEqual(990)
    expect(ms).toBeLessThan(2_000)
    expect(ticks).toBeGreaterThan(20)
  })

  it('terminates a worker stuck in a slow built-in shortly after the deadline, and the next call works', async () => {
    // QuickJS polls its interrupt handler too rarely here: on the calling thread this overran by ~20 s.
    const { settled, ms, ticks } = await watch(() => run('export default () => { for(;;) new Array(1e5 + 1).join("x") }', { timeoutMs: 300 }))
    expect(settled).toMatchObject({ status: 'rejected', reason: { message: 'Tool timed out after 300 ms' } })
    expect(ms).toBeLessThan(1_000)
    expect(ticks).toBeGreaterThan(10)
    await healthy()
  })

  it('takes a timeout longer than a timer can wait as it is', async () => {
    await expect(run('export default ({ n }) => n * 2', { timeoutMs: 3e9 })).resolves.toMatchObject({ result: 42 })
  })

  it('aborts a synchronous endless loop at once by terminating its worker, and the next call works', async () => {
    await healthy()
    const controller = new AbortController()
    let abortedAt = 0
    setTimeout(() => {
      abortedAt = performance.now()
      controller.abort()
    }, 100)
    const outcome = await run('export default () => { while(true){} }', { timeoutMs: 10_000 }, controller.signal).catch((error: Error) => error)
    expect(outcome).toMatchObject({ name: 'AbortError', message: 'Tool run aborted' })
    expect(abortedAt).toBeGreaterThan(0)
    expect(performance.now() - abortedAt).toBeLessThan(500)
    await healthy()
  })

  it('fails a memory bomb with an out-of-memory error, and the next call works', async () => {
    await expect(run("export default () => { const a = []; for(;;) a.push('x'.repeat(1e6)) }", { memoryMb: 64, timeoutMs: 5_000 })).rejects.toThrow(
      'Tool ran out of memory (memoryMb limit of 64 MB)'
    )
    await healthy()
  })

  it('survives nesting deep enough to exhaust the worker’s stack, and the next call works', async () => {
    const nested = "'['.repeat(1e5) + ']'.repeat(1e5)"
    await expect(run(`export default () => JSON.parse(${nested})`)).rejects.toThrow('Tool exceeded the stack limit (256 KB)')
    await expect(run('const f = (n) => f(n + 1) + 1; export default () => f(0)')).rejects.toThrow('Tool exceeded the stack limit (256 KB)')
    await healthy()
  })

  it('offers no host APIs', async () => {
    const cases = {
      'fetch("https://example.com")': "Tool error: ReferenceError: 'fetch' is not defined",
      'require("node:fs")': "Tool error: ReferenceError: 'require' is not defined",
      'process.exit(1)': "Tool error: ReferenceError: 'process' is not defined",
      'import("node:fs")': "Tool error: ReferenceError: could not load module 'node:fs'",
      'setTimeout(() => {}, 10)': "Tool error: ReferenceError: 'setTimeout' is not defined"
    }
    const outcomes = await Promise.allSettled(Object.keys(cases).map((call) => run(`export default async () => await ${call}`)))
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as Error).message)).toEqual(Object.values(cases))
  })
})

describe('plugin', () => {
  it('contributes the tool runtime', () => {
    expect(isPlugin(plugin)).toBe(true)
    expect(plugin).toMatchObject({ id: 'sandbox-isolate', version: '0.1.0', apiVersion: '^2.0.0' })
    expect(plugin.contributes?.toolRuntimes).toEqual([quickjsToolRuntime])
    expect(quickjsToolRuntime).toMatchObject({ id: 'sandbox-isolate', displayName: 'Embedded sandbox (QuickJS)', languages: ['javascript'] })
  })

  it('stops the workers at teardown, failing a call still running', async () => {
    await healthy()
    const running = run('export default () => { for(;;){} }', { timeoutMs: 10_000 })
    await new Promise(setImmediate)
    await plugin.teardown?.(undefined)
    await expect(running).rejects.toThrow('Sandbox worker stopped during the call (exit code 1)')
  })
})
