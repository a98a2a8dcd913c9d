import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { ToolRunLimits } from '@troupe/sdk/plugin'
import {
  newQuickJSWASMModule,
  newVariant,
  RELEASE_SYNC,
  Scope,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type VmCallResult
} from 'quickjs-emscripten'
import { installConsole, LogCapture } from './console-capture.js'
import { byteLength, maxStackBytes, outputCapError } from './limits.js'
import { serializeArgs } from './serialize-args.js'
import { abortError, timeoutError } from './tool-errors.js'

export interface QuickJSRun {
  /** An ES module whose default export receives `args`. */
  code: string
  args: Record<string, unknown>
  limits: ToolRunLimits
  signal?: AbortSignal
}

export interface QuickJSOutcome {
  result: unknown
  logs: string[]
}

/** A run as it crosses into a worker thread: the arguments already JSON text. */
export interface QuickJSJsonRun {
  /** An ES module whose default export receives the parsed `argsJson`. */
  code: string
  argsJson: string
  limits: ToolRunLimits
  signal?: AbortSignal
}

/** The result as JSON text (`null` for `undefined`), already checked against `maxOutputBytes`. */
export interface QuickJSJsonOutcome {
  resultJson: string
  logs: string[]
}

const wasmPageBytes = 64 * 1024
/** Emscripten's first linear memory for the engine: its static data, its 5 MB stack and a first heap. */
const engineMemoryBytes = 16 * 1024 * 1024
/** The most linear memory the engine can address. */
const wasmMemoryCeilingBytes = 2 * 1024 * 1024 * 1024
/** Promise jobs run between two turns of the host event loop, where aborts and deadlines are seen. */
const jobsPerTurn = 1_000

let compiledEngine: Promise<WebAssembly.Module> | undefined

/** The QuickJS WebAssembly code, compiled once; every run instantiates it afresh. */
export function quickjsWasm(): Promise<WebAssembly.Module> {
  compiledEngine ??= (async () => {
    const fromQuickJS = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten'))
    return WebAssembly.compile(await readFile(fromQuickJS.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')))
  })()
  return compiledEngine
}

/**
 * A fresh engine in its own linear memory. `setMemoryLimit` alone does not bound a runtime's total
 * in this build (QuickJS counts each block as 8 bytes under Emscripten, quickjs-emscripten#271),
 * so the memory itself gets a maximum. And a run that breaks its engine (Node's own stack
 * overflowing inside the interpreter) cannot corrupt another run.
 */
async function newEngine(memoryMb: number) {
  const maximumBytes = Math.min(engineMemoryBytes + memoryMb * 1024 * 1024, wasmMemoryCeilingBytes)
  const wasmMemory = new WebAssembly.Memory({
    initial: engineMemoryBytes / wasmPageBytes,
    maximum: Math.ceil(maximumBytes / wasmPageBytes)
  })
  return newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmModule: await quickjsWasm(), wasmMemory }))
}

function stackError(): Error {
  return new Error(`Tool exceeded the stack limit (${maxStackBytes / 1024} KB)`)
}

/** Node's stack overflowing, or the engine trapping, inside WebAssembly: the engine is no longer usable. */
function isEngineFailure(error: unknown): boolean {
  return (error instanceof RangeError && /call stack/i.test(error.message)) || error instanceof WebAssembly.RuntimeError
}

/**
 * Evaluates a tool module in a fresh QuickJS engine and calls its default export with the
 * arguments, on the calling thread, which it blocks while the tool computes: the tool runtime runs
 * the JSON form, `runJsonInQuickJS`, in worker threads (`quickjs-worker.ts`).
 */
export async function runInQuickJS({ code, args, limits, signal }: QuickJSRun): Promise<QuickJSOutcome> {
  if (signal?.aborted) throw abortError(signal)
  const { resultJson, logs } = await runJsonInQuickJS({ code, argsJson: serializeArgs(args), limits, signal })
  return { result: JSON.parse(resultJson), logs }
}

/** `runInQuickJS` with JSON text on both sides, as a worker thread receives and returns it. */
export async function runJsonInQuickJS({ code, argsJson, limits, signal }: QuickJSJsonRun): Promise<QuickJSJsonOutcome> {
  if (signal?.aborted) throw abortError(signal)
  const engine = await newEngine(limits.memoryMb)
  if (signal?.aborted) throw abortError(signal)

  const scope = new Scope()
  let engineBroken = false
  try {
    const runtime = scope.manage(engine.newRuntime())
    runtime.setMemoryLimit(limits.memoryMb * 1024 * 1024)
    runtime.setMaxStackSize(maxStackBytes)
    const context = scope.manage(runtime.newContext())
    const logs = new LogCapture(limits.maxOutputBytes)
    const run = new ToolCall(runtime, context, scope, logs, limits, signal)
    installConsole(context, logs)
    const resultJson = await run.call(code, argsJson)
    if (logs.overflowed) throw outputCapError('logs', limits.maxOutputBytes)
    return { resultJson, logs: logs.lines }
  } catch (error) {
    if (!isEngineFailure(error)) throw error
    engineBroken = true
    throw error instanceof RangeError ? stackError() : new Error(`Sandbox failure: ${(error as Error).message}`)
  } finally {
    // A broken engine may abort on disposal; it is garbage as a whole instead.
    if (!engineBroken) scope.dispose()
  }
}

/** One call's walk through the VM, turning whatever stops it into the error the caller sees. */
class ToolCall {
  /** Why the interrupt handler stopped the VM, once it has. */
  private stopped: Error | undefined
  private readonly deadline: number

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly scope: Scope,
    private readonly logs: LogCapture,
    private readonly limits: ToolRunLimits,
    private readonly signal: AbortSignal | undefined
  ) {
    this.deadline = Date.now() + limits.timeoutMs
    runtime.setInterruptHandler(() => (this.stopped ??= this.stopReason()) !== undefined)
  }

  /** The default export's result as JSON text. */
  async call(code: string, argsJson: string): Promise<string> {
    const { context, scope } = this
    // Taken before the tool runs, so nothing it redefines touches how arguments and result cross.
    const json = scope.manage(context.getProp(context.global, 'JSON'))
    const parse = scope.manage(context.getProp(json, 'parse'))
    const stringify = scope.manage(context.getProp(json, 'stringify'))
    const args = this.unwrap(context.callFunction(parse, json, scope.manage(context.newString(argsJson))), 'Tool arguments')

    const loaded = this.unwrap(context.evalCode(code, 'tool.js', { type: 'module' }), 'Tool error', 'Invalid tool code')
    const namespace = await this.settle(loaded)
    const main = scope.manage(context.getProp(namespace, 'default'))
    const kind = context.typeof(main)
    if (kind !== 'function') throw new Error(`Tool code must export a default function; its default export is ${kind}`)

    const returned = await this.settle(this.unwrap(context.callFunction(main, context.undefined, args), 'Tool error'))
    const text = this.unwrap(context.callFunction(stringify, json, returned), 'Tool result is not JSON-serializable')
    if (context.typeof(text) === 'undefined') return 'null'
    const serialized = context.getString(text)
    if (byteLength(serialized) > this.limits.maxOutputBytes) throw outputCapError('result', this.limits.maxOutputBytes)
    return serialized
  }

  private stopReason(): Error | undefined {
    if (this.signal?.aborted) return abortError(this.signal)
    if (this.logs.overflowed) return outputCapError('logs', this.limits.maxOutputBytes)
    if (Date.now() > this.deadline) return timeoutError(this.limits.timeoutMs)
    return undefined
  }

  /** The value of a VM call, kept for disposal, or the error it threw (a SyntaxError under `syntaxPrefix`). */
  private unwrap(result: VmCallResult<QuickJSHandle>, prefix: string, syntaxPrefix = prefix): QuickJSHandle {
    if (result.error) throw this.vmError(result.error, prefix, syntaxPrefix)
    return this.scope.manage(result.value)
  }

  /**
   * Runs promise jobs until `handle` settles, yielding to the host event loop between batches:
   * synchronous code cannot notice an abort, since the signal only flips when the host runs.
   */
  private async settle(handle: QuickJSHandle): Promise<QuickJSHandle> {
    for (;;) {
      const state = this.context.getPromiseState(handle)
      if (state.type === 'fulfilled') return this.scope.manage(state.value)
      if (state.type === 'rejected') throw this.vmError(state.error, 'Tool error')
      const jobs = this.runtime.executePendingJobs(jobsPerTurn)
      if (jobs.error) throw this.vmError(jobs.error, 'Tool error')
      if (jobs.value === 0) throw new Error('Tool returned a promise that never settles (the sandbox has no timers or I/O to wait for)')
      await new Promise((resolve) => setImmediate(resolve))
      this.stopped ??= this.stopReason()
      if (this.stopped) throw this.stopped
    }
  }

  /** Turns an exception from the VM into a host error, and disposes it. */
  private vmError(handle: QuickJSHandle, prefix: string, syntaxPrefix = prefix): Error {
    try {
      if (this.stopped) return this.stopped
      const { name, message } = describe(this.context.dump(handle))
      if (message === 'out of memory') return new Error(`Tool ran out of memory (memoryMb limit of ${this.limits.memoryMb} MB)`)
      if (message === 'stack overflow') return stackError()
      if (name === 'SyntaxError') return new Error(`${syntaxPrefix}: SyntaxError: ${message}`)
      return new Error(`${prefix}: ${name && name !== 'Error' ? `${name}: ` : ''}${message}`)
    } finally {
      handle.dispose()
    }
  }
}

/** The name and message of whatever a tool threw: an error, a string, any value. */
function describe(thrown: unknown): { name?: string; message: string } {
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string') {
    const { name, message } = thrown as { name?: unknown; message: string }
    return { name: typeof name === 'string' ? name : undefined, message }
  }
  return { message: typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown)) }
}
