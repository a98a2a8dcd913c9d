import type { ToolRuntime } from '@troupe/sdk/plugin'
import { resolveLimits } from './limits.js'
import { quickjsWasm, runInQuickJS } from './run-in-quickjs.js'

/** Code tools in JavaScript, run in QuickJS compiled to WebAssembly: no host APIs, bounded time, memory and output. */
export const quickjsToolRuntime: ToolRuntime = {
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
    const started = performance.now()
    const { result, logs } = await runInQuickJS({ code: request.code, args: request.args, limits: resolveLimits(request.limits), signal })
    return { result, logs, durationMs: performance.now() - started }
  }
}
