import { Model } from 'objection'
import type { RoleName } from '@troupe/sdk'

/** Columns safe to load for a principal: never the password hash. */
export const userPublicColumns = ['id', 'tenantId', 'email', 'name', 'role', 'emailVerifiedAt', 'createdAt', 'updatedAt'] as const

export class UserModel extends Model {
  static tableName = 'users'
  id!: string
  tenantId!: string
  email!: string
  name!: string
  passwordHash!: string
  role!: RoleName
  /** When the address was proven (a mailed link, an invitation, the identity provider); null until then. */
  emailVerifiedAt!: Date | null
  createdAt!: Date
  updatedAt!: Date
}
