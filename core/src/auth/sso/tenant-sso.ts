import type { Knex } from 'knex'
import { LRUCache } from 'lru-cache'
import * as client from 'openid-client'
import type { RoleName, SsoProvisioning } from '@troupe/sdk'
import type { TroupeConfig } from '../../config/load-config.js'
import type { SecretBox } from '../../crypto/secret-box.js'
import { createGuardedFetch } from '../../net/guarded-fetch.js'
import { endpointOf } from '../../net/network-policy.js'
import { ssoNetworkPolicy } from '../../net/outbound-policies.js'

/** A row of `public.tenant_sso`, as knex's camel-case mappers give it. */
export interface TenantSsoRow {
  tenantId: string
  issuer: string
  clientId: string
  clientSecretCiphertext: string
  clientSecretOrigin: string
  displayName: string
  allowedDomains: string[]
  defaultRole: RoleName
  groupsClaim: string | null
  groupRoles: Record<string, RoleName>
  provisioning: SsoProvisioning
  passwordLogin: boolean
  verifiedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export function tenantSsoTable(knex: Knex) {
  return knex<TenantSsoRow>('tenantSso').withSchema('public')
}

export async function findTenantSso(knex: Knex, tenantId: string): Promise<TenantSsoRow | undefined> {
  return (await tenantSsoTable(knex).where({ tenantId }).first()) as TenantSsoRow | undefined
}

/** The secret is bound to its tenant and to the issuer origin it was saved for: a copied ciphertext, or one whose issuer moved, does not open. */
export const clientSecretContext = (tenantId: string, origin: string) => `${tenantId}:sso-client-secret:${origin}`

export function sealClientSecret(box: SecretBox, tenantId: string, issuer: string, secret: string) {
  const origin = new URL(issuer).origin
  return { clientSecretCiphertext: box.encrypt(secret, clientSecretContext(tenantId, origin)), clientSecretOrigin: origin }
}

/** Issuers must use https, unless the operator named their endpoint in `TROUPE_SSO_ALLOWED_HOSTS`. */
export function mayUsePlainHttp(issuer: URL, config: Pick<TroupeConfig, 'ssoAllowedHosts'>): boolean {
  return config.ssoAllowedHosts.includes(endpointOf(issuer))
}

const discoveryTimeoutSeconds = 10

/**
 * The openid-client configuration of an issuer: discovery, JWKS and the token endpoint all go
 * through the guarded fetch (the SSRF policy of SSO issuers, checked at connect time, no
 * redirects to elsewhere unchecked, bounded answers).
 */
export async function discoverIssuer(
  config: Pick<TroupeConfig, 'allowLoopback' | 'allowPrivateNetworks' | 'llmAllowedHosts' | 'ssoAllowedHosts'>,
  issuer: string,
  clientId: string,
  clientSecret: string | undefined
): Promise<client.Configuration> {
  const issuerUrl = new URL(issuer)
  const guarded = createGuardedFetch({ policy: ssoNetworkPolicy(config), maxResponseBytes: 1024 * 1024, maxRedirects: 3 })
  const plainHttp = issuerUrl.protocol === 'http:'
  if (plainHttp && !mayUsePlainHttp(issuerUrl, config)) throw new Error('must use https')
  return client.discovery(issuerUrl, clientId, undefined, clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret), {
    [client.customFetch]: guarded as client.CustomFetch,
    timeout: discoveryTimeoutSeconds,
    execute: plainHttp ? [client.allowInsecureRequests] : []
  })
}

/**
 * Configurations by tenant and version of its settings, so a login does not repeat discovery
 * twice (start and callback); a saved change is a new version.
 */
export class IssuerConfigurations {
  private readonly cache = new LRUCache<string, Promise<client.Configuration>>({ max: 1000, ttl: 10 * 60_000 })

  constructor(
    private readonly config: TroupeConfig,
    private readonly secretBox: SecretBox
  ) {}

  /** The stored client secret, opened only while the issuer still has the origin it was saved for. */
  secretOf(row: TenantSsoRow): string {
    if (new URL(row.issuer).origin !== row.clientSecretOrigin) throw new Error('The client secret is bound to another issuer origin')
    return this.secretBox.decrypt(row.clientSecretCiphertext, clientSecretContext(row.tenantId, row.clientSecretOrigin))
  }

  async of(row: TenantSsoRow): Promise<client.Configuration> {
    const key = `${row.tenantId}:${new Date(row.updatedAt).getTime()}`
    let found = this.cache.get(key)
    if (!found) {
      found = discoverIssuer(this.config, row.issuer, row.clientId, this.secretOf(row))
      // A failed discovery is not remembered: the next login tries again.
      found.catch(() => this.cache.delete(key))
      this.cache.set(key, found)
    }
    return found
  }
}
