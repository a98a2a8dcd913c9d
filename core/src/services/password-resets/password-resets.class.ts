import { setTimeout as sleep } from 'node:timers/promises'
import type { PasswordResetData, PasswordResetRequested } from '@troupe/sdk'
import { hashToken, randomToken } from '../../auth/secure-token.js'
import type { Application, TroupeParams } from '../../declarations.js'
import { emailLink } from '../../email/email-link.js'
import { normalizeEmail } from '../users/email-availability.js'

/** How long a reset link works. */
export const passwordResetTtlMs = 30 * 60 * 1000

/**
 * Every request is answered no sooner than this: the lookup and the insert take far less, and the
 * mail leaves after the answer, so how long the answer takes does not tell whether the address
 * has an account.
 */
export const passwordResetAnswerMs = 300

const answer: PasswordResetRequested = {
  accepted: true,
  message: 'If an account has this address, a link to choose a new password is on its way. It works once, for 30 minutes.'
}

/**
 * A password reset request: counted per address and per client IP (429 past either, known address
 * or not), then one answer whatever the address. When an account has it, a one-use token (stored
 * as its hash) is mailed after answering; a failed delivery is logged, never told to the caller.
 */
export class PasswordResetsService {
  constructor(private readonly app: Application) {}

  async create(data: PasswordResetData, params: TroupeParams = {}): Promise<PasswordResetRequested> {
    const email = normalizeEmail(data.email)
    await this.app.get('rateLimiters').passwordResetRequested(email, params.ip)
    const padding = sleep(passwordResetAnswerMs)
    const token = randomToken()
    const models = this.app.get('models')
    const user = await models.User.query().select('id').findOne({ email })
    if (user) {
      await this.app
        .get('knex')('passwordResets')
        .withSchema('public')
        .insert({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + passwordResetTtlMs) })
    }
    await padding
    if (user) this.mail(email, token)
    return answer
  }

  private mail(to: string, token: string) {
    this.app
      .get('mailer')
      .send({
        to,
        subject: 'Choose a new Troupe password',
        intro: 'Someone asked to reset the password of your Troupe account. Open this link to choose a new one:',
        link: emailLink(this.app.get('config').publicUrl, '/password-reset', token),
        outro: 'The link works once, for 30 minutes, and logs you out everywhere. If you did not ask for it, ignore this message.'
      })
      .catch((error: unknown) => this.app.get('logger').error({ err: error }, 'password reset mail could not be sent'))
  }
}
