import { NotAuthenticated } from '@feathersjs/errors'
import type { EmailVerificationConfirmationData, EmailVerificationConfirmed, EmailVerificationData, EmailVerificationRequested } from '@troupe/sdk'
import { claimMailedToken } from '../../email/claim-mailed-token.js'
import type { Application, TroupeParams } from '../../declarations.js'
import { invalidEmailLink } from '../invitations/invalid-link.js'
import { sendVerificationMail } from './verification-mail.js'

/** "Mail me the link again": for the caller's own address only, counted per user. */
export class EmailVerificationsService {
  constructor(private readonly app: Application) {}

  async create(_data: EmailVerificationData, params: TroupeParams = {}): Promise<EmailVerificationRequested> {
    const userId = params.principal?.userId
    if (!userId) throw new NotAuthenticated('Not authenticated')
    const user = await this.app.get('models').User.query().select('id', 'email', 'emailVerifiedAt').findById(userId)
    if (!user) throw new NotAuthenticated('Not authenticated')
    if (user.emailVerifiedAt) return { sent: false, message: `${user.email} is confirmed already.` }
    await this.app.get('rateLimiters').verificationMailRequested(userId)
    await sendVerificationMail(this.app, user)
    return { sent: true, message: `A link to confirm ${user.email} is on its way. It works once, for 24 hours.` }
  }
}

/**
 * Proving an address with the mailed token: claimed in one statement (one use, until it expires),
 * and it proves only the address it was sent to: if the user changed its email since, the token
 * is spent and proves nothing.
 */
export class EmailVerificationConfirmationsService {
  constructor(private readonly app: Application) {}

  async create(data: EmailVerificationConfirmationData): Promise<EmailVerificationConfirmed> {
    const verification = await claimMailedToken<{ userId: string; email: string }>(this.app.get('knex'), 'emailVerifications', data.token, ['userId', 'email'])
    const proven = await this.app
      .get('models')
      .User.query()
      .patch({ emailVerifiedAt: new Date() })
      .where({ id: verification.userId, email: verification.email })
    if (!proven) throw invalidEmailLink()
    return { verified: true, email: verification.email }
  }
}
