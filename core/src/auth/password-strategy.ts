import {
  AuthenticationBaseStrategy,
  type AuthenticationParams,
  type AuthenticationRequest
} from '@feathersjs/authentication'
import { NotAuthenticated } from '@feathersjs/errors'
import bcrypt from 'bcryptjs'
import type { Models } from '../models/index.js'
import { loadPrincipal } from './load-principal.js'

async function passwordLoginOff(models: Models, tenantId: string): Promise<boolean> {
  const sso = (await models.User.knex()('tenantSso').withSchema('public').select('passwordLogin').where({ tenantId }).first()) as { passwordLogin: boolean } | undefined
  return sso?.passwordLogin === false
}

// Compared against when the email is unknown, so both failures take the same time.
const decoyHash = bcrypt.hashSync('decoy-password-for-timing', 10)

/** Email and password (bcrypt). Unknown email and wrong password fail alike. */
export class PasswordStrategy extends AuthenticationBaseStrategy {
  async authenticate(authentication: AuthenticationRequest, _params: AuthenticationParams) {
    const { email, password } = authentication
    if (typeof email !== 'string' || typeof password !== 'string') {
      throw new NotAuthenticated('Invalid login: email and password are required')
    }
    const models = this.app!.get('models') as Models
    const found = await models.User.query().select('id', 'tenantId', 'passwordHash').findOne({ email: email.trim().toLowerCase() })
    const matches = await bcrypt.compare(password, found?.passwordHash ?? decoyHash)
    if (!found || !matches) throw new NotAuthenticated('Invalid login')
    // Told only to who knows the password: their tenant's admin switched password login off.
    if (await passwordLoginOff(models, found.tenantId)) throw new NotAuthenticated('Password login is off for this workspace: sign in with SSO')
    const { user, principal } = await loadPrincipal(models, { userId: found.id })
    return { authentication: { strategy: this.name! }, user, principal }
  }
}
