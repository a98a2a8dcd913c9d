import { resolve } from '@feathersjs/schema'
import bcrypt from 'bcryptjs'
import type { UserData, UserPatch } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { normalizeEmail } from './email-availability.js'
import { initialEmailVerification } from '../email-verifications/verification-mail.js'

async function hashPassword(password: string | undefined, context: HookContext) {
  if (password === undefined) return undefined
  return bcrypt.hash(password, context.app.get('config').bcryptRounds)
}

type StoredUser = UserData & { passwordHash?: string }

/** New users: lower-cased email, bcrypt hash instead of the password, `member` unless told otherwise. */
export const userDataResolver = resolve<StoredUser & { emailVerifiedAt?: Date | null }, HookContext>({
  email: async (email) => (email === undefined ? undefined : normalizeEmail(email)),
  role: async (role) => role ?? 'member',
  // An address an admin typed is unproven while the server can mail a link to prove it.
  emailVerifiedAt: async (_value, _user, context) => initialEmailVerification(context.app),
  passwordHash: async (_value, user, context) => hashPassword(user.password, context),
  password: async () => undefined
})

export const userPatchResolver = resolve<UserPatch & { passwordHash?: string; updatedAt?: Date }, HookContext>({
  email: async (email) => (email === undefined ? undefined : normalizeEmail(email)),
  passwordHash: async (_value, user, context) => hashPassword(user.password, context),
  password: async () => undefined,
  // Checked (and removed) by `requireCurrentPassword`; never a column, whatever the hook order.
  currentPassword: async () => undefined,
  updatedAt: async () => new Date()
})

/** Defence in depth: whatever was selected, a hash never leaves. */
export const userExternalResolver = resolve<Record<string, unknown>, HookContext>({
  passwordHash: async () => undefined
})
