import { NotFound } from '@feathersjs/errors'
import { llmProviderTestDataSchema, servicePaths, serviceMethods, type LlmProviderTestResult } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { instantiateProvider } from '../../llm/instantiate-provider.js'
import { costOf, priceOf } from '../../llm/pricing.js'
import type { StoredProvider } from '../../llm/stored-provider.js'
import { registerService } from '../register-service.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'

interface TestParams {
  principal?: Principal
  route?: { providerId?: string }
}

/** `POST /api/v1/llm-providers/:id/test`: one message through that provider alone, no failover, no cache. */
export class ProviderTestsService {
  constructor(private readonly app: Application) {}

  async create(data: { prompt?: string }, params: TestParams): Promise<LlmProviderTestResult> {
    const providerId = params.route?.providerId ?? ''
    const principal = params.principal!
    const provider = (await this.app
      .service('llm-providers')
      ._get(providerId, { principal })
      .catch(() => undefined)) as StoredProvider | undefined
    if (!provider) throw new NotFound(`No LLM provider ${providerId}`)
    const entry = this.app.get('plugins').llmProviders.get(provider.kind)
    if (!entry) throw new NotFound(`Provider kind ${provider.kind} is not loaded`)
    const started = Date.now()
    try {
      const live = instantiateProvider(provider, {
        kind: entry.kind,
        tenantId: principal.tenantId,
        secretBox: this.app.get('secretBox'),
        config: this.app.get('config'),
        operators: this.app.get('operatorEndpoints'),
        logic: tenantLogicFor(this.app.get('logicPool'), principal.tenantId)
      })
      const result = await live.chat({
        model: provider.model ?? entry.kind.defaultModel ?? 'default',
        messages: [{ role: 'user', content: data.prompt ?? 'Reply with the word: ready' }]
      })
      return {
        ok: true,
        text: result.text,
        model: result.model,
        usage: result.usage,
        costUsd: costOf(result.usage, priceOf(result.model, provider.pricing ?? {}, entry.kind.prices)),
        latencyMs: Date.now() - started
      }
    } catch (error) {
      return { ok: false, error: (error as Error).message, latencyMs: Date.now() - started }
    }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'llm-providers/:providerId/test': ProviderTestsService
  }
}

export function providerTests(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.llmProviderTests,
      methods: [...serviceMethods['llm-providers/:providerId/test']],
      schemas: { data: llmProviderTestDataSchema },
      permissions: (principal, { allow }) => {
        if (principal.role !== 'viewer') allow('create')
      }
    },
    new ProviderTestsService(app)
  )
}
