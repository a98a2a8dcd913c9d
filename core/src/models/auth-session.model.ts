import { Model } from 'objection'

/** One login: the family of refresh tokens it rotates through. Revoking it ends them all. */
export class AuthSessionModel extends Model {
  static tableName = 'auth_sessions'
  id!: string
  userId!: string
  createdAt!: Date
  revokedAt!: Date | null
  revokedReason!: string | null
}
