import type { HookContext, NextFunction } from '@feathersjs/feathers'
import { useSessionStore } from '../session/session.store.ts'

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
 * is retried once after a silent refresh, so the user never notices.
 */
export async function retryOnExpiredToken(context: HookContext, next: NextFunction): Promise<void> {
  try {
    await next()
  } catch (error) {
    const code = (error as { code?: number }).code
    if (code !== 401 || context.path === 'authentication' || context.params.retriedAfterRefresh) throw error
    const session = useSessionStore()
    if (!session.isAuthenticated) throw error
    await session.refresh()
    const method = (context.service as unknown as Record<string, Method>)[context.method]
    context.result = await method.apply(context.service, argumentsOf(context))
  }
}
