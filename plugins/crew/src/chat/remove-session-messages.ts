import type { TenantLogService } from '@troupe/sdk/plugin'

/**
 * After `chat-sessions` remove: the session's messages go with it, whatever store holds them
 * (in PostgreSQL the foreign key has already removed them; another store needs telling).
 */
export function removeSessionMessages(messages: TenantLogService) {
  return async (context: { result?: unknown; params: { principal?: unknown } }) => {
    const sessionIds = [context.result].flat().map((session) => (session as { id: string }).id)
    if (!sessionIds.length) return
    await messages._remove(null, { principal: context.params.principal, query: { sessionId: { $in: sessionIds } }, adapter: { multi: ['remove'] } })
  }
}
