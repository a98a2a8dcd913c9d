import { randomUUID } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { SignupData, SignupResult, Tenant, User } from '@troupe/sdk'
import { loadPrincipal } from '../../auth/load-principal.js'
import type { Application } from '../../declarations.js'
import { migrateSchema } from '../../db/migrate.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import { assertEmailAvailable, normalizeEmail } from '../users/email-availability.js'
import { initialEmailVerification, sendVerificationMail } from '../email-verifications/verification-mail.js'

/**
 * Creates a tenant, its schema (migrated to the latest version) and its first admin, then logs
 * that admin in. If any step fails the schema is dropped again: nothing is left half-made. An
 * address that already has an account, in any tenant, gets the neutral `emailUnavailable` answer
 * and costs the caller's IP one failed attempt (`assertEmailAvailable`). When the server sends
 * mail, the admin's address starts unproven and a verification link is mailed.
 */
export class SignupService {
  constructor(private readonly app: Application) {}

  async create(data: SignupData, params: { ip?: string } = {}): Promise<SignupResult> {
    const knex = this.app.get('knex')
    const models = this.app.get('models')
    const config = this.app.get('config')
    const email = normalizeEmail(data.email)
    await assertEmailAvailable({ knex, limiters: this.app.get('rateLimiters') }, email, params.ip)
    const tenantId = randomUUID()
    const schemaName = tenantSchemaName(tenantId)
    const passwordHash = await bcrypt.hash(data.password, config.bcryptRounds)

    let tenant: Tenant
    let userId: string
    try {
      await migrateSchema(knex, schemaName, this.app.get('tenantMigrations'))
      ;({ tenant, userId } = await knex.transaction(async (trx) => {
        const created = await models.Tenant.query(trx)
          .insert({ id: tenantId, name: data.tenant.name.trim(), schemaName })
          .returning('*')
        const admin = await models.User.query(trx).insert({
          tenantId,
          email,
          name: data.name,
          passwordHash,
          role: 'admin',
          emailVerifiedAt: initialEmailVerification(this.app)
        })
        const { schemaName: _internal, ...visible } = created.toJSON()
        return { tenant: visible as unknown as Tenant, userId: admin.id }
      }))
    } catch (error) {
      await knex.raw('drop schema if exists ?? cascade', [schemaName])
      throw error
    }

    const { user, principal } = await loadPrincipal(models, { userId })
    try {
      for (const initialize of this.app.get('tenantInitializers')) await initialize(principal)
    } catch (error) {
      await models.Tenant.query().deleteById(tenantId)
      await knex.raw('drop schema if exists ?? cascade', [schemaName])
      throw error
    }
    // With mail configured the new admin proves its address by a mailed link (until then it cannot invite others).
    if (!user.emailVerifiedAt) await sendVerificationMail(this.app, { id: userId, email })
    const auth = this.app.service('authentication')
    const { refreshToken } = await auth.startSession(principal)
    const accessToken = await auth.issueAccessToken(principal)
    return {
      tenant,
      user: user as User,
      accessToken,
      refreshToken
    }
  }
}
