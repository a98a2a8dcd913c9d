import { BadRequest } from '@feathersjs/errors'
import type { Knex } from 'knex'
import type { RateLimiters } from '../../limits/rate-limiters.js'

/**
 * One answer for an address that is some account's, in any tenant: signup, a user created by an
 * admin and an email change all get it. It never says the address exists ("already exists" told
 * anyone whose address had an account, in which tenant or not); the honest limit of that is in
 * docs/security.md (a signup that succeeds logs in, so a refusal is still a refusal). A second
 * account with one address that slips past the check is refused by the database's unique index,
 * which `mapErrors` answers the same way.
 */
export function emailUnavailable(): BadRequest {
  return new BadRequest('email cannot be used: choose another address', [{ field: 'email', message: 'cannot be used' }])
}

/** How addresses are stored and compared: trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * Refuses `email` when an account other than `exceptUserId` has it. Every refusal counts as a
 * failed attempt of the caller's IP, on the failed-login budget: once it is used up, the caller
 * is refused (429) before anything is looked up, so addresses cannot be probed faster than
 * passwords can be guessed.
 */
export async function assertEmailAvailable(
  deps: { knex: Knex; limiters: RateLimiters },
  email: string,
  ip: string | undefined,
  exceptUserId?: string
): Promise<void> {
  await deps.limiters.assertLoginAllowed(undefined, ip)
  const taken = await deps
    .knex('users')
    .withSchema('public')
    .where({ email })
    .modify((query) => {
      if (exceptUserId) query.whereNot({ id: exceptUserId })
    })
    .first('id')
  if (taken) await refuseTakenEmail(deps.limiters, ip)
}

/** Counts the refusal against the caller's IP and throws the neutral answer. */
export async function refuseTakenEmail(limiters: RateLimiters, ip: string | undefined): Promise<never> {
  await limiters.loginFailed(undefined, ip)
  throw emailUnavailable()
}
