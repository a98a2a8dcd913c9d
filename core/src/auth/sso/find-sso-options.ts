import type { Knex } from 'knex'
import { restPrefix, type SsoOption } from '@troupe/sdk'
import { isUuid } from '../../validation/is-uuid.js'
import { emailDomain } from './sso-sign-in.js'

const maxOptions = 10

/**
 * The tenants offering SSO for what someone typed on the login page: a workspace id, an email
 * address or domain (tenants listing it in `allowedDomains`), or a workspace name (exact, any
 * case). Domains and names are not unique: every match is listed, so no tenant can hide
 * another's button by claiming its domain or copying its name.
 */
export async function findSsoOptions(knex: Knex, query: string): Promise<SsoOption[]> {
  const q = query.trim()
  const rows = knex('tenantSso')
    .withSchema('public')
    .join('tenants', 'tenants.id', 'tenantSso.tenantId')
    .select('tenants.id as tenantId', 'tenants.name as tenantName', 'tenantSso.displayName', 'tenantSso.passwordLogin')
    .limit(maxOptions)
  const domain = q.includes('@') ? emailDomain(q) : q.includes('.') ? q.toLowerCase() : undefined
  if (isUuid(q)) rows.where('tenants.id', q.toLowerCase())
  else if (domain) rows.whereRaw('tenant_sso.allowed_domains @> ?::jsonb', [JSON.stringify([domain])]).orWhereRaw('lower(tenants.name) = ?', [q.toLowerCase()])
  else rows.whereRaw('lower(tenants.name) = ?', [q.toLowerCase()])
  const found = (await rows) as Array<Omit<SsoOption, 'startUrl'>>
  return found.map((option) => ({ ...option, startUrl: `${restPrefix}/sso/start?tenant=${option.tenantId}` }))
}
