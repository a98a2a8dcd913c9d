import { definePlugin } from '@troupe/sdk/plugin'
import { quickjsToolRuntime } from './quickjs-runtime.js'

export { createQuickJSToolRuntime, quickjsToolRuntime, type QuickJSToolRuntime, type QuickJSToolRuntimeOptions } from './quickjs-runtime.js'
export { runInQuickJS, type QuickJSOutcome, type QuickJSRun } from './run-in-quickjs.js'
export { defaultLimits, maxStackBytes, resolveLimits } from './limits.js'
export { defaultPoolSize } from './worker-pool.js'

/** The embedded default runtime for code tools: JavaScript in a QuickJS WebAssembly sandbox. */
export default definePlugin({
  id: 'sandbox-isolate',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Runs JavaScript code tools in QuickJS (WebAssembly) with no host APIs',
  contributes: { toolRuntimes: [quickjsToolRuntime] },
  teardown: () => quickjsToolRuntime.close()
})
