import type { InvitationAcceptanceData, InvitationAcceptanceResult, User } from '@troupe/sdk'
import { hashToken } from '../../auth/secure-token.js'
import { loadPrincipal } from '../../auth/load-principal.js'
import type { Application, TroupeParams } from '../../declarations.js'
import { systemPrincipal } from '../../executor/system-principal.js'
import { invalidEmailLink } from './invalid-link.js'
import { markEmailVerified } from '../email-verifications/verification-mail.js'

/**
 * Accepting an invitation: the row is claimed by deleting it (one statement, so two uses cannot
 * both win), the user is created through the users service in the inviting tenant with the
 * invited role, and logged in like a signup. If the user cannot be created (the address has an
 * account by now, in any tenant), the invitation is put back: nothing is half-done.
 */
export class InvitationAcceptancesService {
  constructor(private readonly app: Application) {}

  async create(data: InvitationAcceptanceData, params: TroupeParams = {}): Promise<InvitationAcceptanceResult> {
    const knex = this.app.get('knex')
    const claimed = (await knex('invitations')
      .withSchema('public')
      .where({ tokenHash: hashToken(data.token) })
      .where('expiresAt', '>', new Date())
      .delete()
      .returning('*')) as Array<Record<string, unknown> & { tenantId: string; email: string; role: User['role'] }>
    const invitation = claimed[0]
    if (!invitation) throw invalidEmailLink()

    let created: User
    try {
      created = (await this.app
        .service('users')
        .create({ email: invitation.email, name: data.name.trim(), password: data.password, role: invitation.role }, {
          principal: systemPrincipal(invitation.tenantId),
          ip: params.ip
        } as never)) as User
    } catch (error) {
      await knex('invitations').withSchema('public').insert(invitation)
      throw error
    }

    // The invitation reached this address: it is proven.
    await markEmailVerified(this.app, created.id)
    const { user, principal } = await loadPrincipal(this.app.get('models'), { userId: created.id })
    const auth = this.app.service('authentication')
    const { refreshToken } = await auth.startSession(principal)
    const accessToken = await auth.issueAccessToken(principal)
    return { user, accessToken, refreshToken }
  }
}
