import { hashToken, randomToken } from '../../auth/secure-token.js'
import type { Application } from '../../declarations.js'
import { emailLink } from '../../email/email-link.js'

/** How long a verification link works. */
export const emailVerificationTtlMs = 24 * 60 * 60 * 1000

/**
 * A user's address is proven by a link only when the server really sends mail: without SMTP there
 * is nothing to prove it with, so new accounts start verified (and `npm start` asks for nothing).
 */
export function initialEmailVerification(app: Application): Date | null {
  return app.get('mailer').delivers ? null : new Date()
}

/**
 * Mails `user` a new link proving `email` (its pending links stop working). The token is stored as
 * its hash beside the address it proves; the mail leaves in the background and a failed delivery is
 * logged, never the link.
 */
export async function sendVerificationMail(app: Application, user: { id: string; email: string }): Promise<void> {
  const knex = app.get('knex')
  const token = randomToken()
  await knex.transaction(async (trx) => {
    await trx('emailVerifications').withSchema('public').where({ userId: user.id }).whereNull('usedAt').update({ usedAt: new Date() })
    await trx('emailVerifications')
      .withSchema('public')
      .insert({ userId: user.id, email: user.email, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + emailVerificationTtlMs) })
  })
  app
    .get('mailer')
    .send({
      to: user.email,
      subject: 'Confirm your email address for Troupe',
      intro: 'Open this link to confirm that this address is yours:',
      link: emailLink(app.get('config').publicUrl, '/verify-email', token),
      outro: 'The link works once, for 24 hours. If you did not create a Troupe account, ignore this message.'
    })
    .catch((error: unknown) => app.get('logger').error({ err: error }, 'verification mail could not be sent'))
}

/** Marks the address of `userId` proven (an invitation, a reset link or the identity provider did so). */
export async function markEmailVerified(app: Application, userId: string): Promise<void> {
  await app.get('models').User.query().patch({ emailVerifiedAt: new Date() }).where({ id: userId }).whereNull('emailVerifiedAt')
}
