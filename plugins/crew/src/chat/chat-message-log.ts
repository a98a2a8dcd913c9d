import type { ChatMessageRecord } from '@troupe/sdk'
import type { TenantLogOptions } from '@troupe/sdk/plugin'

/**
 * Chat messages as a tenant log: the `chat_messages` table of `crew-0002-chat` by default, one
 * collection per tenant when the log store is MongoDB (with these indexes and defaults, which the
 * table has as columns).
 */
export const chatMessageLog: TenantLogOptions<ChatMessageRecord> = {
  name: 'chat_messages',
  dateFields: ['createdAt', 'updatedAt'],
  indexes: [{ fields: ['id'], unique: true }, { fields: ['sessionId', 'createdAt'] }, { fields: ['userId'] }],
  defaults: () => {
    const now = new Date().toISOString()
    return { content: '', executionId: null, error: null, createdAt: now, updatedAt: now }
  }
}
