import { Model } from 'objection'
import type { RoleName } from '@troupe/sdk'

export class ApiKeyModel extends Model {
  static tableName = 'api_keys'
  id!: string
  tenantId!: string
  userId!: string
  name!: string
  prefix!: string
  keyHash!: string
  role!: RoleName | null
  createdAt!: Date
  lastUsedAt!: Date | null
  expiresAt!: Date | null
}
