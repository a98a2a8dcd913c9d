import { apiKeyDataSchema, apiKeyQuerySchema, apiKeySchema, createdApiKeySchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { ApiKeysService } from './api-keys.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'api-keys': ApiKeysService
  }
}

/**
 * `/api/v1/api-keys`: everyone manages its own keys (at most `TROUPE_MAX_API_KEYS_PER_USER` active
 * at once); admins see and revoke all keys of the tenant.
 */
export function apiKeys(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.apiKeys,
      methods: [...serviceMethods['api-keys']],
      schemas: { data: apiKeyDataSchema, query: apiKeyQuerySchema, result: apiKeySchema, created: createdApiKeySchema },
      permissions: (principal, { allow }) => {
        allow('create')
        if (principal.role === 'admin') allow(['read', 'delete'])
        else allow(['read', 'delete'], { where: { userId: principal.userId } })
      }
    },
    new ApiKeysService({ Model: app.get('knex'), name: 'api_keys', paginate: { default: 25, max: 100 } }, app.get('config').maxApiKeysPerUser)
  )
}
