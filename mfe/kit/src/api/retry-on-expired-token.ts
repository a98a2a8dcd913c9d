import type { HookContext, NextFunction } from '@feathersjs/feathers'
import { callAgain } from './call-again.ts'

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
      context.result = await callAgain(context, { retriedAfterRefresh: true })
    }
  }
}
