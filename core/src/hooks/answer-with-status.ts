import type { HookContext } from '../declarations.js'

/** An after hook that answers REST callers with `status` (202 for "accepted, mail on its way"; 200 for a confirmation). */
export const answerWithStatus = (status: number) => async (context: HookContext) => {
  context.http = { ...context.http, status }
}
