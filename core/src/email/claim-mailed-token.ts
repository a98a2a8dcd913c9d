import type { Knex } from 'knex'
import { hashToken } from '../auth/secure-token.js'
import { invalidEmailLink } from '../services/invitations/invalid-link.js'

/**
 * Spends a one-use mailed token of `table` (`passwordResets`, `emailVerifications`: rows with
 * `tokenHash`, `usedAt`, `expiresAt`) in one statement, so two uses cannot both win, and answers
 * the row's `columns`. A token that is unknown, used or expired gets the one neutral 400.
 */
export async function claimMailedToken<Row>(knex: Knex, table: string, token: string, columns: Array<keyof Row & string>): Promise<Row> {
  const claimed = (await knex(table)
    .withSchema('public')
    .where({ tokenHash: hashToken(token) })
    .whereNull('usedAt')
    .where('expiresAt', '>', new Date())
    .update({ usedAt: new Date() })
    .returning(columns)) as Row[]
  if (!claimed[0]) throw invalidEmailLink()
  return claimed[0]
}
