import type { HookContext, NextFunction } from '@feathersjs/feathers'
import { callAgain } from './call-again.ts'

/** Longest wait the workspace sits out by itself; a longer one is shown as the error it is. */
const maxWaitSeconds = 30

/** The event the workspace's shell shows as a notice (`detail.message`, for `detail.seconds`). */
export const noticeEvent = 'troupe:notice'

/** Shows a short notice in the workspace's shell (any micro-frontend may call it). */
export function announce(message: string, seconds: number): void {
  if (typeof window === 'undefined') return
  window.dispatchEvent(new CustomEvent(noticeEvent, { detail: { message, seconds } }))
}

/**
 * A call refused with 429 (the user's request budget, a tenant's quota) was not carried out: it is
 * tried once more after the `retryAfter` the server named (at most 30 s), with a visible notice
 * meanwhile; a second refusal stands and is shown as an error.
 */
export function retryOnRateLimit(wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))) {
  return async (context: HookContext, next: NextFunction): Promise<void> => {
    try {
      await next()
    } catch (error) {
      const { code, data } = error as { code?: number; data?: { retryAfter?: unknown } }
      const seconds = typeof data?.retryAfter === 'number' && Number.isFinite(data.retryAfter) ? Math.max(0, Math.ceil(data.retryAfter)) : undefined
      if (code !== 429 || seconds === undefined || seconds > maxWaitSeconds || context.params.retriedAfterRateLimit) throw error
      announce(`The server asked to slow down: trying again in ${seconds} s…`, seconds)
      await wait(seconds * 1000)
      context.result = await callAgain(context, { retriedAfterRateLimit: true })
    }
  }
}
