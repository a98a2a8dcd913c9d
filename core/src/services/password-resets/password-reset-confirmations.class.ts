import type { PasswordResetConfirmationData, PasswordResetConfirmed } from '@troupe/sdk'
import { claimMailedToken } from '../../email/claim-mailed-token.js'
import type { Application } from '../../declarations.js'
import { systemPrincipal } from '../../executor/system-principal.js'
import { invalidEmailLink } from '../invitations/invalid-link.js'
import { markEmailVerified } from '../email-verifications/verification-mail.js'

/**
 * Sets the password a reset link was for. The token is claimed in one statement (one use, until
 * it expires); the password goes through the users service, whose rules and hooks apply: every
 * session of the user is revoked (refresh tokens refused, live connections closed by its
 * `patched` event). The user's other pending reset links stop working too.
 */
export class PasswordResetConfirmationsService {
  constructor(private readonly app: Application) {}

  async create(data: PasswordResetConfirmationData): Promise<PasswordResetConfirmed> {
    const resets = () => this.app.get('knex')('passwordResets').withSchema('public')
    const reset = await claimMailedToken<{ id: string; userId: string }>(this.app.get('knex'), 'passwordResets', data.token, ['id', 'userId'])
    const user = await this.app.get('models').User.query().select('tenantId').findById(reset.userId)
    if (!user) throw invalidEmailLink()
    try {
      await this.app.service('users').patch(reset.userId, { password: data.password }, { principal: systemPrincipal(user.tenantId) } as never)
    } catch (error) {
      // The password did not change: the link still works.
      await resets().where({ id: reset.id }).update({ usedAt: null })
      throw error
    }
    await resets().where({ userId: reset.userId }).whereNull('usedAt').update({ usedAt: new Date() })
    // The reset link reached the user's address: it is proven.
    await markEmailVerified(this.app, reset.userId)
    return { reset: true }
  }
}
