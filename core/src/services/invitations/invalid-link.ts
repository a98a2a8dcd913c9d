import { BadRequest } from '@feathersjs/errors'

/**
 * The one answer to a mailed token that does not work: unknown, used, expired, revoked or of
 * another kind. Saying which would tell a guesser what exists.
 */
export function invalidEmailLink(): BadRequest {
  return new BadRequest('This link is invalid, already used or expired: ask for a new one', [{ field: 'token', message: 'is invalid, already used or expired' }])
}
