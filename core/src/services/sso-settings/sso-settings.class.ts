import { NotFound } from '@feathersjs/errors'
import type { SsoSettings, SsoSettingsData } from '@troupe/sdk'
import { ssoRedirectUri } from '../../auth/sso/sso-routes.js'
import { discoverIssuer, findTenantSso, mayUsePlainHttp, sealClientSecret, tenantSsoTable, type TenantSsoRow } from '../../auth/sso/tenant-sso.js'
import type { Application, TroupeParams } from '../../declarations.js'
import { validationError } from '../../validation/ajv.js'

const fieldError = (field: string, message: string) => validationError('data', [{ field, message }])

/**
 * `/api/v1/sso-settings/:tenantId`: the caller's own tenant's OIDC single sign-on (any other id is
 * not found), admins only. A save is checked against the issuer itself (discovery through the
 * guarded fetch, with the client secret). Password login can be switched off only once an admin
 * has signed in through this very configuration, and a change of issuer, client or secret turns
 * that proof off again: it must come with `passwordLogin: true`, so nobody is locked out silently.
 */
export class SsoSettingsService {
  constructor(private readonly app: Application) {}

  private own(id: string, params: TroupeParams): string {
    if (id !== params.principal?.tenantId) throw new NotFound(`No SSO settings ${id}`)
    return id
  }

  private answer(row: TenantSsoRow): SsoSettings {
    return {
      tenantId: row.tenantId,
      issuer: row.issuer,
      clientId: row.clientId,
      displayName: row.displayName,
      allowedDomains: row.allowedDomains,
      defaultRole: row.defaultRole,
      groupsClaim: row.groupsClaim,
      groupRoles: row.groupRoles,
      provisioning: row.provisioning,
      passwordLogin: row.passwordLogin,
      hasClientSecret: Boolean(row.clientSecretCiphertext),
      verifiedAt: row.verifiedAt ? new Date(row.verifiedAt).toISOString() : null,
      redirectUri: ssoRedirectUri(this.app.get('config').publicUrl),
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString()
    }
  }

  async get(id: string, params: TroupeParams): Promise<SsoSettings> {
    const row = await findTenantSso(this.app.get('knex'), this.own(id, params))
    if (!row) throw new NotFound('This tenant has no SSO')
    return this.answer(row)
  }

  async update(id: string, data: SsoSettingsData, params: TroupeParams): Promise<SsoSettings> {
    const tenantId = this.own(id, params)
    const knex = this.app.get('knex')
    const config = this.app.get('config')
    const existing = await findTenantSso(knex, tenantId)
    const issuerUrl = new URL(data.issuer)
    if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && mayUsePlainHttp(issuerUrl, config))) {
      throw fieldError('issuer', 'must use https')
    }
    if (issuerUrl.username || issuerUrl.password || issuerUrl.search || issuerUrl.hash) throw fieldError('issuer', 'must not carry credentials, a query or a fragment')
    const sameOrigin = existing?.clientSecretOrigin === issuerUrl.origin
    if (data.clientSecret === undefined && !sameOrigin) throw fieldError('clientSecret', 'is required for a new issuer origin')

    const box = this.app.get('secretBox')
    const secret = data.clientSecret ?? this.app.get('ssoIssuers').secretOf(existing!)
    try {
      await discoverIssuer(config, data.issuer, data.clientId, secret)
    } catch (error) {
      throw fieldError('issuer', `is not a reachable OpenID Connect issuer (${(error as Error).message.slice(0, 200)})`)
    }

    const identityChanged = !existing || existing.issuer !== data.issuer || existing.clientId !== data.clientId || data.clientSecret !== undefined
    const verifiedAt = identityChanged ? null : existing.verifiedAt
    if (!data.passwordLogin && !verifiedAt) {
      throw fieldError(
        'passwordLogin',
        identityChanged && existing
          ? 'must be true when the issuer, client id or secret changes, until an admin has signed in through the new configuration'
          : 'can be switched off only after an admin has signed in through this SSO configuration'
      )
    }
    const row = {
      tenantId,
      issuer: data.issuer,
      clientId: data.clientId,
      ...(data.clientSecret !== undefined
        ? sealClientSecret(box, tenantId, data.issuer, data.clientSecret)
        : { clientSecretCiphertext: existing!.clientSecretCiphertext, clientSecretOrigin: existing!.clientSecretOrigin }),
      displayName: data.displayName,
      allowedDomains: JSON.stringify([...new Set(data.allowedDomains.map((domain) => domain.toLowerCase()))]),
      defaultRole: data.defaultRole,
      groupsClaim: data.groupsClaim ?? null,
      groupRoles: JSON.stringify(data.groupRoles ?? {}),
      provisioning: data.provisioning,
      passwordLogin: data.passwordLogin,
      verifiedAt,
      updatedAt: new Date()
    }
    const [saved] = (await tenantSsoTable(knex)
      .insert(row as never)
      .onConflict('tenantId')
      .merge()
      .returning('*')) as TenantSsoRow[]
    return this.answer(saved!)
  }

  async remove(id: string, params: TroupeParams): Promise<SsoSettings> {
    const tenantId = this.own(id, params)
    const [removed] = (await tenantSsoTable(this.app.get('knex')).where({ tenantId }).delete().returning('*')) as TenantSsoRow[]
    if (!removed) throw new NotFound('This tenant has no SSO')
    return this.answer(removed)
  }
}
