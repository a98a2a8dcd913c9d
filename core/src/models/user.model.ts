import { Model } from 'objection'
import type { RoleName } from '@troupe/sdk'

/** Columns safe to load for a principal: never the password hash. */
export const userPublicColumns = ['id', 'tenantId', 'email', 'name', 'role', 'createdAt', 'updatedAt'] as const

export class UserModel extends Model {
  static tableName = 'users'
  id!: string
  tenantId!: string
  email!: string
  name!: string
  passwordHash!: string
  role!: RoleName
  createdAt!: Date
  updatedAt!: Date
}
