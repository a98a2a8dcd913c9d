import { Model } from 'objection'

export class RefreshTokenModel extends Model {
  static tableName = 'refresh_tokens'
  id!: string
  sessionId!: string
  tokenHash!: string
  createdAt!: Date
  expiresAt!: Date
  usedAt!: Date | null
}
