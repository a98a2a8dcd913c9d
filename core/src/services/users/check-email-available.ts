import type { HookContext } from '../../declarations.js'
import { assertEmailAvailable } from './email-availability.js'

/**
 * Before a user is created or its email changed (after the resolvers have normalised it and, for
 * one's own address, after `currentPassword` was checked): an address another account has is
 * refused with the neutral answer, counted against the caller's IP.
 */
export async function checkEmailAvailable(context: HookContext) {
  const email = (context.data as { email?: unknown } | undefined)?.email
  if (typeof email !== 'string') return
  const { app, id, params } = context
  await assertEmailAvailable({ knex: app.get('knex'), limiters: app.get('rateLimiters') }, email, params.ip, id === undefined || id === null ? undefined : String(id))
}
