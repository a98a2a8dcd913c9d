import type { HookContext } from '../../declarations.js'
import { isOwnAccount } from './is-own-account.js'

/** A new password ends every other session of that user (a stolen refresh token stops working). */
export async function revokeSessionsOnPasswordChange(context: HookContext) {
  if (!(context.data as { passwordHash?: string } | undefined)?.passwordHash || context.id == null) return
  const { AuthSession } = context.app.get('models')
  const keep = isOwnAccount(context) ? context.params.principal!.sessionId : undefined
  await AuthSession.query()
    .patch({ revokedAt: new Date(), revokedReason: 'password-change' })
    .where({ userId: String(context.id) })
    .whereNull('revokedAt')
    .modify((query) => {
      if (keep) query.whereNot({ id: keep })
    })
}
