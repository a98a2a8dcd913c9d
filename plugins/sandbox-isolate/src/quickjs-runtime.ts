import type { ToolRuntime } from '@troupe/sdk/plugin'
import { resolveLimits } from './limits.js'
import { quickjsWasm } from './run-in-quickjs.js'
import { serializeArgs } from './serialize-args.js'
import { abortError } from './tool-errors.js'
import { WorkerPool, type WorkerPoolOptions } from './worker-pool.js'

/** How many worker threads, and how long they idle and get past a deadline. */
export type QuickJSToolRuntimeOptions = Omit<WorkerPoolOptions, 'entry'>

/** The QuickJS tool runtime, with a way to stop its worker threads. */
export interface QuickJSToolRuntime extends ToolRuntime {
  /** Stops every worker thread; calls still running fail. Later calls start new workers. */
  close(): Promise<void>
}

/**
 * Code tools in JavaScript, run in QuickJS compiled to WebAssembly inside worker threads: no host
 * APIs, bounded time, memory and output, the caller's event loop never blocked, and the threads
 * shared fairly between tenants.
 */
export function createQuickJSToolRuntime({ size, perTenant, idleTimeoutMs, killGraceMs }: QuickJSToolRuntimeOptions = {}): QuickJSToolRuntime {
  const pool = new WorkerPool({ size, perTenant, idleTimeoutMs, killGraceMs })
  return {
    id: 'sandbox-isolate',
    displayName: 'Embedded sandbox (QuickJS)',
    languages: ['javascript'],

    /** Needs nothing but the engine's WebAssembly, which ships with the package. */
    available: () => quickjsWasm().then(
      () => true,
      () => false
    ),

    async run(request, { signal } = {}) {
      if (!this.languages.includes(request.language)) {
        throw new Error(`The embedded sandbox runs ${this.languages.join(', ')}, not ${request.language}`)
      }
      if (signal?.aborted) throw abortError(signal)
      const started = performance.now()
      const job = { code: request.code, argsJson: serializeArgs(request.args), limits: resolveLimits(request.limits) }
      const { resultJson, logsJson } = await pool.run(job, signal, request.tenantId)
      return { result: JSON.parse(resultJson), logs: JSON.parse(logsJson), durationMs: performance.now() - started }
    },

    close: () => pool.close()
  }
}

/** The runtime the plugin contributes, with the default pool. */
export const quickjsToolRuntime: QuickJSToolRuntime = createQuickJSToolRuntime()
