import type { Knex } from 'knex'
import type { Principal } from '../declarations.js'
import { appendAudit } from './audit-entry.js'

/** A failed login is recorded in the tenant of the account it named, when that account exists. */
export async function auditFailedLogin(knex: Knex, email: string, ip: string | undefined, reason: string): Promise<void> {
  const account = (await knex('users')
    .withSchema('public')
    .join('tenants', 'tenants.id', 'users.tenantId')
    .select('users.id as userId', 'tenants.schemaName as schema')
    .where('users.email', email)
    .first()) as { userId: string; schema: string } | undefined
  if (!account) return
  await appendAudit(knex, account.schema, undefined, {
    action: 'login.failed',
    service: 'authentication',
    method: 'create',
    recordId: account.userId,
    ip,
    outcome: 'failure',
    error: reason
  })
}

/** Logins and logouts, in the tenant of who did it. */
export async function auditSession(knex: Knex, principal: Principal, action: 'login' | 'logout', ip: string | undefined): Promise<void> {
  await appendAudit(knex, principal.tenantSchema, principal, { action, service: 'authentication', method: action === 'login' ? 'create' : 'remove', recordId: principal.userId, ip, outcome: 'success' })
}
