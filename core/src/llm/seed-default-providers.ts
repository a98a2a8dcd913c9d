import { randomUUID } from 'node:crypto'
import type { Application, Principal } from '../declarations.js'
import { sealProviderKey } from './provider-secret.js'

/**
 * A new tenant can call an LLM at once: an `openai` provider when the server names a default
 * endpoint (`OPENAI_BASE_URL`/`OPENAI_API_KEY`), otherwise the offline `scripted` provider.
 */
export async function seedDefaultProviders(app: Application, principal: Principal): Promise<void> {
  const config = app.get('config')
  const registry = app.get('plugins')
  const table = () => app.get('knex')('llmProviders').withSchema(principal.tenantSchema)
  if ((config.openaiBaseUrl || config.openaiApiKey) && registry.llmProviders.has('openai')) {
    const id = randomUUID()
    await table().insert({
      id,
      name: 'OpenAI (server default)',
      kind: 'openai',
      baseUrl: config.openaiBaseUrl ?? null,
      apiKeyCiphertext: config.openaiApiKey
        ? sealProviderKey(app.get('secretBox'), principal.tenantId, id, config.openaiApiKey)
        : null,
      priority: 10
    })
    return
  }
  if (registry.llmProviders.has('scripted')) {
    await table().insert({ id: randomUUID(), name: 'Offline (scripted)', kind: 'scripted', priority: 100 })
  }
}
