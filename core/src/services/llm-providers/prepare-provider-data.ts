import { randomUUID } from 'node:crypto'
import { BadRequest } from '@feathersjs/errors'
import type { LlmProviderData } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { sealProviderKey } from '../../llm/provider-secret.js'
import { kindOptions, type StoredProvider } from '../../llm/stored-provider.js'
import { checkOutboundUrl, ForbiddenUrlError } from '../../net/check-outbound-url.js'
import { dataChecker, validationError } from '../../validation/ajv.js'

const fieldError = (field: string, message: string) => validationError('data', [{ field, message }])

/**
 * Before a provider is stored: the kind must be loaded, its kind-specific settings valid (the
 * kind itself is built once as a dry run), `baseUrl` must pass the outbound URL policy, and the
 * API key is sealed with AES-256-GCM. Nothing of the plain key goes further than this hook.
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
    const config = app.get('config')
    try {
      await checkOutboundUrl(merged.baseUrl, config)
    } catch (error) {
      if (error instanceof ForbiddenUrlError) throw fieldError('baseUrl', error.message)
      throw error
    }
  }

  const id = existing?.id ?? randomUUID()
  if (method === 'create') data.id = id
  if (data.apiKey !== undefined) {
    data.apiKeyCiphertext = data.apiKey === null ? null : sealProviderKey(app.get('secretBox'), principal.tenantId, id, data.apiKey)
    delete data.apiKey
  }
  if (method === 'patch') data.updatedAt = new Date()
  context.data = data
}
