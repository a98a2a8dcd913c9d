import { BadRequest, Conflict, Forbidden } from '@feathersjs/errors'
import type { KnexAdapterOptions } from '@feathersjs/knex'
import { apiKeyPrefix, type ApiKey, type ApiKeyData, type CreatedApiKey } from '@troupe/sdk'
import { isAtLeast } from '../../auth/role-rank.js'
import { hashToken, randomToken } from '../../auth/secure-token.js'
import { TenantRowsService, type TenantRowsParams } from '../tenant-rows-service.js'

const listedColumns = ['id', 'userId', 'name', 'prefix', 'role', 'createdAt', 'lastUsedAt', 'expiresAt']

/**
 * API keys of the caller's tenant. The key is shown once, at creation; only its hash is kept. A
 * user holds at most `maxPerUser` unexpired keys: each key is a door to its owner's data and
 * budget, so their number stays bounded.
 */
export class ApiKeysService extends TenantRowsService<ApiKey, ApiKeyData, TenantRowsParams> {
  constructor(
    options: KnexAdapterOptions,
    private readonly maxPerUser: number
  ) {
    super(options)
  }

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
    const created = await this.getModel(params).transaction(async (trx) => {
      // The owner's row is the lock: two concurrent creations cannot both see room for one more.
      await trx('users').withSchema('public').where({ id: principal.userId }).forUpdate().first('id')
      const active = await trx('apiKeys')
        .withSchema('public')
        .where({ userId: principal.userId })
        .andWhere((unexpired) => unexpired.whereNull('expiresAt').orWhere('expiresAt', '>', new Date()))
        .count({ n: '*' })
        .first()
      if (Number(active?.n ?? 0) >= this.maxPerUser) {
        throw new Conflict(`At most ${this.maxPerUser} active API keys per user: remove one before creating another`, { limit: this.maxPerUser })
      }
      return (await this._create(
        {
          name: data.name,
          role: data.role ?? null,
          expiresAt: data.expiresAt ?? null,
          userId: principal.userId,
          prefix: key.slice(0, apiKeyPrefix.length + 6),
          keyHash: hashToken(key)
        } as unknown as ApiKeyData,
        { ...params, transaction: { trx, starting: false } }
      )) as ApiKey
    })
    return { ...created, key }
  }
}
