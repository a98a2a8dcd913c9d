import type { HookContext, NextFunction } from '@feathersjs/feathers'

type Method = (...args: unknown[]) => Promise<unknown>

function argumentsOf(context: HookContext): unknown[] {
  const params = { ...context.params, retriedAfterRefresh: true }
  switch (context.method) {
    case 'find':
      return [params]
    case 'get':
    case 'remove':
      return [context.id, params]
    case 'create':
      return [context.data, params]
    default:
      return [context.id, context.data, params]
  }
}

/**
 * A call refused because the access token expired (a tab that slept past the scheduled refresh)
 * is retried once after a silent refresh, so the user never notices. `refresh` answers whether it
 * renewed the session (`false`: nobody is signed in, the refusal stands).
 */
export function retryOnExpiredToken(refresh: () => Promise<boolean>) {
  return async (context: HookContext, next: NextFunction): Promise<void> => {
    try {
      await next()
    } catch (error) {
      const code = (error as { code?: number }).code
      if (code !== 401 || context.path === 'authentication' || context.params.retriedAfterRefresh) throw error
      if (!(await refresh())) throw error
      const method = (context.service as unknown as Record<string, Method>)[context.method]
      context.result = await method.apply(context.service, argumentsOf(context))
    }
  }
}
