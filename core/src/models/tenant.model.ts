import { Model } from 'objection'

export class TenantModel extends Model {
  static tableName = 'tenants'
  id!: string
  name!: string
  schemaName!: string
  createdAt!: Date
}
