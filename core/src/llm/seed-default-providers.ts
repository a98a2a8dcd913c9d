import { randomUUID } from 'node:crypto'
import type { Application, Principal } from '../declarations.js'
import { operatorLlmEndpoint } from './operator-credential.js'

/** Name of the provider that refers to the operator's `OPENAI_API_KEY` (migration 0009 recognises it by this name). */
export const operatorProviderName = 'OpenAI (server default)'

/**
 * A new tenant can call an LLM at once: an `openai` provider when the server names a default
 * endpoint (`OPENAI_BASE_URL`/`OPENAI_API_KEY`), otherwise the offline `scripted` provider. The
 * operator's key is not copied into the tenant: the record refers to it (`credentialSource:
 * "operator"`), and it is read from configuration at call time, for the operator's endpoint only.
 */
export async function seedDefaultProviders(app: Application, principal: Principal): Promise<void> {
  const config = app.get('config')
  const registry = app.get('plugins')
  const table = () => app.get('knex')('llmProviders').withSchema(principal.tenantSchema)
  const operatorEndpoint = operatorLlmEndpoint(config)
  if (operatorEndpoint && registry.llmProviders.has('openai')) {
    await table().insert({
      id: randomUUID(),
      name: operatorProviderName,
      kind: 'openai',
      baseUrl: operatorEndpoint,
      credentialSource: 'operator',
      priority: 10
    })
    return
  }
  if (registry.llmProviders.has('scripted')) {
    await table().insert({ id: randomUUID(), name: 'Offline (scripted)', kind: 'scripted', priority: 100 })
  }
}
