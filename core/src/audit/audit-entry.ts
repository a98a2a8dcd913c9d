import type { Knex } from 'knex'
import type { Principal } from '../declarations.js'

export interface AuditEntry {
  action: string
  service?: string
  method?: string
  recordId?: string | null
  ip?: string
  outcome: 'success' | 'failure'
  error?: string
  /** Names of fields, ids, roles: never values that could be secrets. */
  details?: Record<string, unknown>
}

/** Who acted: a user, a user through one of its API keys, or the platform itself. */
function actorOf(principal: Pick<Principal, 'userId' | 'apiKeyId'> | undefined) {
  if (!principal || principal.userId === 'system') return { actorType: 'system', actorUserId: null, actorApiKeyId: null }
  return { actorType: principal.apiKeyId ? 'api-key' : 'user', actorUserId: principal.userId, actorApiKeyId: principal.apiKeyId ?? null }
}

/** Appends one entry to the audit log in `schema` (the tenant's). */
export async function appendAudit(knex: Knex, schema: string, principal: Pick<Principal, 'userId' | 'apiKeyId'> | undefined, entry: AuditEntry): Promise<void> {
  await knex('auditLogs')
    .withSchema(schema)
    .insert({
      ...actorOf(principal),
      action: entry.action,
      service: entry.service ?? null,
      method: entry.method ?? null,
      recordId: entry.recordId ?? null,
      ip: entry.ip ?? null,
      outcome: entry.outcome,
      error: entry.error?.slice(0, 1000) ?? null,
      details: JSON.stringify(entry.details ?? {})
    })
}
