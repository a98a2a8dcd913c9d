import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../../declarations.js'
import { sendVerificationMail } from '../email-verifications/verification-mail.js'
import { normalizeEmail } from './email-availability.js'

/**
 * A new address is unproven again while the server sends mail: the patch clears
 * `emailVerifiedAt` (pending links for the old address stop proving anything, since a link proves
 * only the address it was sent to) and, once saved, a link goes to the new address.
 * An around hook: it sees the patch before the resolvers and sends the mail only if the patch succeeded.
 */
export async function reproveChangedEmail(context: HookContext, next: NextFunction) {
  const given = (context.data as { email?: string } | undefined)?.email
  if (given === undefined || context.id == null || !context.app.get('mailer').delivers) return next()
  const email = normalizeEmail(given)
  const userId = String(context.id)
  const current = await context.app.get('models').User.query().select('email').findById(userId)
  const changed = current !== undefined && current.email !== email
  if (changed) (context.data as { emailVerifiedAt?: Date | null }).emailVerifiedAt = null
  await next()
  if (changed) await sendVerificationMail(context.app, { id: userId, email })
}
