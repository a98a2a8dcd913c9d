import type { ToolRunLimits } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { resolveLimits } from './limits.js'
import { runInQuickJS } from './run-in-quickjs.js'

function run(code: string, args: Record<string, unknown> = {}, limits: Partial<ToolRunLimits> = {}, signal?: AbortSignal) {
  return runInQuickJS({ code, args, limits: resolveLimits(limits), signal })
}

async function timed<T>(work: Promise<T>): Promise<{ settled: PromiseSettledResult<T>; ms: number }> {
  const started = Date.now()
  const [settled] = await Promise.allSettled([work])
  return { settled, ms: Date.now() - started }
}

const healthy = () => expect(run('export default ({ n }) => n * 2', { n: 21 })).resolves.toEqual({ result: 42, logs: [] })

describe('evaluation', () => {
  it('calls the default export with the arguments', async () => {
    await expect(run('export default ({ a, b }) => a + b', { a: 1, b: 2 })).resolves.toEqual({ result: 3, logs: [] })
    await expect(run('export default (args) => args', { text: 'héllo 😀', list: [1, { deep: null }] })).resolves.toMatchObject({
      result: { text: 'héllo 😀', list: [1, { deep: null }] }
    })
  })

  it('awaits async tools and top-level await', async () => {
    await expect(run('export default async ({ x }) => { await null; const y = await Promise.resolve(x + 1); return [x, y] }', { x: 1 })).resolves.toMatchObject({ result: [1, 2] })
    await expect(run('const base = await Promise.resolve(40); export default () => base + 2')).resolves.toMatchObject({ result: 42 })
  })

  it('brings the result back as JSON: undefined becomes null, dates become strings', async () => {
    await expect(run('export default () => undefined')).resolves.toMatchObject({ result: null })
    await expect(run('export default () => {}')).resolves.toMatchObject({ result: null })
    await expect(run('export default () => ({ at: new Date(0), skip: undefined, f() {} })')).resolves.toMatchObject({ result: { at: '1970-01-01T00:00:00.000Z' } })
  })

  it('passes the tool a copy of the arguments', async () => {
    const args = { list: [1] }
    await run('export default (args) => { args.list.push(2); args.added = true }', args)
    expect(args).toEqual({ list: [1] })
  })

  it('returns what the tool logged', async () => {
    const { logs } = await run('export default async () => { console.log("a", 1); await null; console.error({ b: 2 }) }')
    expect(logs).toEqual(['a 1', '{"b":2}'])
  })

  it('keeps concurrent calls apart', async () => {
    const code = 'let count = 0; export default async ({ id }) => { globalThis.id = id; for (let i = 0; i < 5; i++) { count++; await null } return [globalThis.id, count] }'
    const results = await Promise.all([1, 2, 3].map((id) => run(code, { id })))
    expect(results.map(({ result }) => result)).toEqual([[1, 5], [2, 5], [3, 5]])
  })
})

describe('errors', () => {
  it('rejects with the message of what the tool threw', async () => {
    await expect(run('export default () => { throw new Error("boom") }')).rejects.toThrow(/^Tool error: boom$/)
    await expect(run('export default async () => { await null; throw new TypeError("bad input") }')).rejects.toThrow(/^Tool error: TypeError: bad input$/)
    await expect(run('export default () => { throw "plain string" }')).rejects.toThrow(/^Tool error: plain string$/)
    await expect(run('throw new RangeError("at load")')).rejects.toThrow(/^Tool error: RangeError: at load$/)
  })

  it('tells invalid code apart', async () => {
    await expect(run('export default (')).rejects.toThrow(/^Invalid tool code: SyntaxError: /)
    await expect(run('export default () => { return }}')).rejects.toThrow(/^Invalid tool code: SyntaxError: /)
  })

  it('needs a default export that is a function', async () => {
    await expect(run('export const tool = () => 1')).rejects.toThrow('Tool code must export a default function; its default export is undefined')
    await expect(run('export default 42')).rejects.toThrow('Tool code must export a default function; its default export is number')
  })

  it('fails a promise that can never settle instead of waiting for the deadline', async () => {
    const { settled, ms } = await timed(run('export default () => new Promise(() => {})', {}, { timeoutMs: 10_000 }))
    expect(settled).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/never settles/) } })
    expect(ms).toBeLessThan(2_000)
  })

  it('refuses results and arguments that are not JSON', async () => {
    await expect(run('export default () => 10n')).rejects.toThrow(/^Tool result is not JSON-serializable: TypeError: /)
    await expect(run('export default () => { const o = {}; o.o = o; return o }')).rejects.toThrow(/^Tool result is not JSON-serializable: /)
    await expect(run('export default () => 1', { n: 1n })).rejects.toThrow(/^Tool arguments are not JSON-serializable: /)
  })
})

describe('limits', () => {
  it('stops an endless loop at the deadline, and the next call works', async () => {
    const { settled, ms } = await timed(run('export default () => { for(;;){} }', {}, { timeoutMs: 200 }))
    expect(settled).toMatchObject({ status: 'rejected', reason: { message: 'Tool timed out after 200 ms' } })
    expect(ms).toBeGreaterThanOrEqual(190)
    expect(ms).toBeLessThan(3_000)
    await healthy()
  })

  it('stops an endless asynchronous loop at the deadline', async () => {
    await expect(run('export default async () => { for(;;) await null }', {}, { timeoutMs: 200 })).rejects.toThrow('Tool timed out after 200 ms')
  })

  it('fails a memory bomb with an out-of-memory error, and the next call works', async () => {
    await expect(run("export default () => { const a = []; for(;;) a.push('x'.repeat(1e6)) }")).rejects.toThrow('Tool ran out of memory (memoryMb limit of 64 MB)')
    await expect(run('export default () => { const a = []; for(;;) a.push(new Uint8Array(1e6)) }', {}, { memoryMb: 16 })).rejects.toThrow(/out of memory/)
    await healthy()
  })

  it('bounds the memory a tool holds in total, not just one allocation', async () => {
    const code = 'export default ({ chunks }) => { const kept = []; for (let i = 0; i < chunks; i++) kept.push(new Uint8Array(1 << 20)); return kept.length }'
    await expect(run(code, { chunks: 8 }, { memoryMb: 16 })).resolves.toMatchObject({ result: 8 })
    await expect(run(code, { chunks: 40 }, { memoryMb: 16 })).rejects.toThrow(/out of memory/)
  })

  it('fails deep recursion with a stack error', async () => {
    await expect(run('const f = (n) => f(n + 1) + 1; export default () => f(0)')).rejects.toThrow(/^Tool exceeded the stack limit/)
    await expect(run('export default () => { const o = { get x() { return this.x } }; return o.x }')).rejects.toThrow(/^Tool exceeded the stack limit/)
  })

  it('survives nesting deep enough to exhaust the host stack, and the next call works', async () => {
    const nested = "'['.repeat(1e5) + ']'.repeat(1e5)"
    await expect(run(`export default () => JSON.parse(${nested})`)).rejects.toThrow(/stack limit/)
    await expect(run(`export default () => eval(${nested})`)).rejects.toThrow(/stack limit/)
    await expect(run(`export default () => { let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; return JSON.stringify(o).length }`)).rejects.toThrow(/stack limit/)
    await healthy()
  })

  it('caps the size of the result', async () => {
    const code = 'export default ({ length }) => "x".repeat(length)'
    await expect(run(code, { length: 998 }, { maxOutputBytes: 1000 })).resolves.toMatchObject({ result: 'x'.repeat(998) })
    await expect(run(code, { length: 999 }, { maxOutputBytes: 1000 })).rejects.toThrow('Tool result exceeded the maxOutputBytes cap of 1000 bytes')
    await expect(run(code, { length: 2_000_000 })).rejects.toThrow('Tool result exceeded the maxOutputBytes cap of 1048576 bytes')
  })

  it('caps the total size of the logs, even when the tool goes on logging', async () => {
    const code = 'export default ({ lines }) => { for (let i = 0; i < lines; i++) console.log("x".repeat(99)); return lines }'
    await expect(run(code, { lines: 10 }, { maxOutputBytes: 1000 })).resolves.toMatchObject({ result: 10 })
    await expect(run(code, { lines: 11 }, { maxOutputBytes: 1000 })).rejects.toThrow('Tool logs exceeded the maxOutputBytes cap of 1000 bytes')
    const { settled, ms } = await timed(run('export default () => { for(;;) console.log("spam") }', {}, { maxOutputBytes: 1000, timeoutMs: 10_000 }))
    expect(settled).toMatchObject({ status: 'rejected', reason: { message: 'Tool logs exceeded the maxOutputBytes cap of 1000 bytes' } })
    expect(ms).toBeLessThan(5_000)
  })
})

describe('abort', () => {
  it('refuses to start once aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(run('export default () => 1', {}, {}, controller.signal)).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('stops a running asynchronous tool', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const { settled, ms } = await timed(run('export default async () => { for(;;) await null }', {}, { timeoutMs: 10_000 }, controller.signal))
    expect(settled).toMatchObject({ status: 'rejected', reason: { name: 'AbortError', message: 'Tool run aborted' } })
    expect(ms).toBeLessThan(3_000)
    await healthy()
  })
})

describe('isolation', () => {
  it('has no host APIs', async () => {
    await expect(run('export default () => typeof process + typeof require + typeof fetch + typeof setTimeout')).resolves.toMatchObject({
      result: 'undefinedundefinedundefinedundefined'
    })
    const probe = `export default () => [
      typeof Buffer, typeof module, typeof setInterval, typeof queueMicrotask, typeof XMLHttpRequest, typeof WebAssembly, typeof std, typeof os
    ].join()`
    await expect(run(probe)).resolves.toMatchObject({ result: Array(8).fill('undefined').join() })
  })

  it('offers only the language built-ins and console on globalThis', async () => {
    const { result } = await run('export default () => Object.getOwnPropertyNames(globalThis)')
    const builtIns = [
      'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect', 'Proxy', 'Date', 'RegExp', 'Promise',
      'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Iterator', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
      'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
      'Float16Array', 'Float32Array', 'Float64Array', 'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
      'InternalError', 'AggregateError', 'globalThis', 'Infinity', 'NaN', 'undefined', 'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
      'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape'
    ]
    expect((result as string[]).filter((name) => !builtIns.includes(name))).toEqual(['console'])
  })

  it('gives nothing harmful through the Function constructor', async () => {
    const code = `export default function () {
      const escape = ({}).constructor.constructor
      const global = escape('return this')()
      let process
      try { process = escape('return process')() } catch (error) { process = error.name }
      return { process, sameGlobal: global === globalThis, thisInTool: typeof this }
    }`
    await expect(run(code)).resolves.toMatchObject({ result: { process: 'ReferenceError', sameGlobal: true, thisInTool: 'undefined' } })
  })

  it('cannot import modules', async () => {
    await expect(run('import fs from "fs"; export default () => typeof fs')).rejects.toThrow(/could not load module 'fs'/)
    await expect(run('export default async () => (await import("node:child_process")).exec')).rejects.toThrow(/could not load module/)
  })

  it('keeps prototype pollution inside the VM', async () => {
    const code = `export default () => {
      Object.prototype.polluted = 'yes'
      Array.prototype.push = null
      JSON.stringify = () => 'tampered'
      return JSON.parse('{"__proto__": {"polluted": "via result"}, "ok": true}')
    }`
    const { result } = await run(code)
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(result).toMatchObject({ ok: true })
    expect(typeof Array.prototype.push).toBe('function')
  })

  it('starts every call from a clean global', async () => {
    await run('export default () => { globalThis.leftOver = 1; Object.prototype.polluted = true }')
    await expect(run('export default () => [typeof leftOver, typeof ({}).polluted]')).resolves.toMatchObject({ result: ['undefined', 'undefined'] })
  })
})

describe('resources', () => {
  it('frees every engine: 200 calls do not grow memory unreasonably', { timeout: 60_000 }, async () => {
    const codes = [
      'export default ({ i }) => ({ i, list: Array.from({ length: 1000 }, (_, n) => n * i) })',
      'export default async ({ i }) => { console.log("call", i); await null; return "x".repeat(10_000) }',
      'export default () => { throw new Error("fails on purpose") }',
      'export default ('
    ]
    await Promise.allSettled(codes.map((code) => run(code, { i: 0 })))
    const before = process.memoryUsage().rss
    for (let i = 0; i < 200; i++) await run(codes[i % codes.length], { i }).catch((error: Error) => error)
    const growthMb = (process.memoryUsage().rss - before) / 1024 / 1024
    expect(growthMb).toBeLessThan(100)
  })
})
