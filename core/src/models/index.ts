import type { Knex } from 'knex'
import { ApiKeyModel } from './api-key.model.js'
import { AuthSessionModel } from './auth-session.model.js'
import { RefreshTokenModel } from './refresh-token.model.js'
import { TenantModel } from './tenant.model.js'
import { UserModel } from './user.model.js'

/** The control-schema models bound to one app's knex (several apps may share a process in tests). */
export function bindModels(knex: Knex) {
  return {
    Tenant: TenantModel.bindKnex(knex),
    User: UserModel.bindKnex(knex),
    AuthSession: AuthSessionModel.bindKnex(knex),
    RefreshToken: RefreshTokenModel.bindKnex(knex),
    ApiKey: ApiKeyModel.bindKnex(knex)
  }
}

export type Models = ReturnType<typeof bindModels>
export { ApiKeyModel, AuthSessionModel, RefreshTokenModel, TenantModel, UserModel }
export { userPublicColumns } from './user.model.js'
