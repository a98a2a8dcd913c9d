import { randomUUID } from 'node:crypto'
import { BadRequest } from '@feathersjs/errors'
import type { LlmProviderData } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import type { OperatorEndpoints } from '../../llm/operator-endpoints.js'
import { sealProviderKey } from '../../llm/provider-secret.js'
import { kindOptions, type StoredProvider } from '../../llm/stored-provider.js'
import { outboundUrlProblem } from '../../net/check-outbound-url.js'
import { llmNetworkPolicy } from '../../net/outbound-policies.js'
import { originOf } from '@troupe/sdk/logic'
import { dataChecker, validationError } from '../../validation/ajv.js'

const fieldError = (field: string, message: string) => validationError('data', [{ field, message }])

type KeyFields = Pick<StoredProvider, 'apiKeyCiphertext' | 'apiKeyOrigin' | 'credentialSource'>

const noKey: KeyFields = { apiKeyCiphertext: null, apiKeyOrigin: null, credentialSource: 'tenant' }

/**
 * Where the key goes after this write (`undefined`: as stored). A key sent in the request is the
 * tenant's own, bound to the origin of the new `baseUrl`. Otherwise a stored key stays only while
 * the record still points where it was saved for: the operator's key while the record's kind and
 * `baseUrl` are those of the operator's endpoint, a tenant's key while `baseUrl` keeps its origin. A move elsewhere drops it
 * (the answer says `hasApiKey: false`), so a key never follows a URL someone else chose.
 */
function keyAfterWrite(
  existing: StoredProvider | undefined,
  kind: string,
  baseUrl: string | null,
  apiKey: string | null | undefined,
  seal: (key: string) => string,
  operators: OperatorEndpoints
): KeyFields | undefined {
  if (apiKey === null) return noKey
  if (apiKey !== undefined) return { apiKeyCiphertext: seal(apiKey), apiKeyOrigin: originOf(baseUrl), credentialSource: 'tenant' }
  if (!existing) return noKey
  const holdsKey = existing.credentialSource === 'operator' || existing.apiKeyCiphertext !== null
  const stays = existing.credentialSource === 'operator' ? operators.covers(kind, baseUrl) : (existing.apiKeyOrigin ?? null) === originOf(baseUrl)
  return holdsKey && !stays ? noKey : undefined
}

/**
 * Before a provider is stored: the kind must be loaded, its kind-specific settings valid (the
 * kind itself is built once as a dry run), `baseUrl` must pass the outbound URL policy, and the
 * API key is sealed with AES-256-GCM and bound to the origin of `baseUrl`. Nothing of the plain
 * key goes further than this hook.
 */
export async function prepareProviderData(context: HookContext) {
  const { app, params, method } = context
  const principal = params.principal
  if (!principal) throw new BadRequest('LLM providers belong to a tenant')
  const data = { ...(context.data as LlmProviderData & Record<string, unknown>) }
  const existing =
    method === 'patch' ? ((await app.service('llm-providers')._get(context.id!, { principal })) as StoredProvider) : undefined
  const merged = { ...existing, ...data } as StoredProvider & { apiKey?: string | null }
  const registry = app.get('plugins')
  const config = app.get('config')

  const entry = registry.llmProviders.get(merged.kind)
  if (!entry) {
    const kinds = [...registry.llmProviders.keys()].join(', ')
    throw fieldError('kind', `must be one of the loaded provider kinds: ${kinds}`)
  }
  const { kind } = entry
  const options = kindOptions(merged)
  try {
    dataChecker(kind.optionsSchema, 'options')(options)
    kind.create({ options, model: merged.model ?? kind.defaultModel, fetch, baseUrl: merged.baseUrl ?? undefined })
  } catch (error) {
    if (error instanceof BadRequest) throw error
    throw new BadRequest(`Invalid options for kind ${kind.kind}: ${(error as Error).message}`)
  }

  if (merged.baseUrl) {
    if (!kind.usesNetwork) throw fieldError('baseUrl', `is not used by kind ${kind.kind}`)
    const refused = await outboundUrlProblem(merged.baseUrl, llmNetworkPolicy(config, app.get('operatorEndpoints')))
    if (refused) throw fieldError('baseUrl', refused)
  }

  const id = existing?.id ?? randomUUID()
  if (method === 'create') data.id = id
  const seal = (key: string) => sealProviderKey(app.get('secretBox'), principal.tenantId, id, key)
  Object.assign(data, keyAfterWrite(existing, merged.kind, merged.baseUrl ?? null, data.apiKey, seal, app.get('operatorEndpoints')))
  delete data.apiKey
  if (method === 'patch') data.updatedAt = new Date()
  context.data = data
}
