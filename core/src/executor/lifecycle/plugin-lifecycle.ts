import type { ExecutionLifecycleEvents } from '@troupe/sdk/plugin'
import type { Logger } from 'pino'
import type { ExecutionLifecycleHandler } from './execution-lifecycle.js'

/**
 * A plugin's lifecycle handler as the core's lifecycle calls it: the plugin sees tenant ids, not
 * principals, and what its handler throws or rejects with is logged with the plugin's id.
 */
export function pluginLifecycle(plugin: string, handler: ExecutionLifecycleEvents, logger: Logger): ExecutionLifecycleHandler {
  const failed = (stage: string) => (error: unknown) => logger.warn({ err: error, plugin, stage }, "a plugin's execution lifecycle handler failed")
  const settle = (stage: string, call: () => void | Promise<void>) => {
    try {
      const outcome = call()
      if (outcome && typeof outcome.catch === 'function') outcome.catch(failed(stage))
    } catch (error) {
      failed(stage)(error)
    }
  }
  return {
    ...(handler.onStart && {
      onStart: ({ executionId, principal, resumed }) => settle('start', () => handler.onStart!({ executionId, tenantId: principal.tenantId, resumed }))
    }),
    ...(handler.onWaiting && {
      onWaiting: ({ executionId, principal, nodes }) => settle('waiting', () => handler.onWaiting!({ executionId, tenantId: principal.tenantId, nodes }))
    }),
    ...(handler.onFinish && {
      onFinish: ({ executionId, principal, status }) => settle('finish', () => handler.onFinish!({ executionId, tenantId: principal.tenantId, status }))
    })
  }
}
