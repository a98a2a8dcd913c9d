import { BadRequest, Forbidden } from '@feathersjs/errors'
import { apiKeyPrefix, type ApiKey, type ApiKeyData, type CreatedApiKey } from '@troupe/sdk'
import { isAtLeast } from '../../auth/role-rank.js'
import { hashToken, randomToken } from '../../auth/secure-token.js'
import { TenantRowsService, type TenantRowsParams } from '../tenant-rows-service.js'

const listedColumns = ['id', 'userId', 'name', 'prefix', 'role', 'createdAt', 'lastUsedAt', 'expiresAt']

/** API keys of the caller's tenant. The key is shown once, at creation; only its hash is kept. */
export class ApiKeysService extends TenantRowsService<ApiKey, ApiKeyData, TenantRowsParams> {
  createQuery(params: TenantRowsParams = {}) {
    const builder = super.createQuery(params)
    if (!params.query?.$select) builder.clearSelect().select(listedColumns.map((column) => `api_keys.${column}`))
    return builder
  }

  async create(data: ApiKeyData, params?: TenantRowsParams): Promise<CreatedApiKey>
  async create(data: ApiKeyData[], params?: TenantRowsParams): Promise<CreatedApiKey[]>
  async create(data: ApiKeyData | ApiKeyData[], params?: TenantRowsParams): Promise<CreatedApiKey | CreatedApiKey[]>
  async create(data: ApiKeyData | ApiKeyData[], params: TenantRowsParams = {}): Promise<CreatedApiKey | CreatedApiKey[]> {
    if (Array.isArray(data)) throw new BadRequest('Create one API key at a time')
    const principal = params.principal
    if (!principal) throw new Forbidden('API keys belong to a user')
    if (principal.apiKeyId) throw new Forbidden('An API key cannot create API keys; log in to create one')
    if (data.role && !isAtLeast(principal.role, data.role)) {
      throw new Forbidden(`A key cannot have more rights than you: role ${data.role} is above yours`, [
        { field: 'role', message: 'is above your own role' }
      ])
    }
    if (data.expiresAt && new Date(data.expiresAt).getTime() <= Date.now()) {
      throw new BadRequest('expiresAt must be in the future', [{ field: 'expiresAt', message: 'must be in the future' }])
    }
    const key = randomToken(apiKeyPrefix)
    const created = (await this._create(
      {
        name: data.name,
        role: data.role ?? null,
        expiresAt: data.expiresAt ?? null,
        userId: principal.userId,
        prefix: key.slice(0, apiKeyPrefix.length + 6),
        keyHash: hashToken(key)
      } as unknown as ApiKeyData,
      params
    )) as ApiKey
    return { ...created, key }
  }
}
