import { NotFound } from '@feathersjs/errors'
import { llmProviderKindInfoSchema, servicePaths, serviceMethods, type LlmProviderKindInfo, type Paginated } from '@troupe/sdk'
import type { LlmProviderKind } from '@troupe/sdk/plugin'
import type { Application } from '../../declarations.js'
import type { PluginRegistry } from '../../plugins/plugin-registry.js'
import { registerService } from '../register-service.js'

/** A kind as the workspace reads it: everything but its code and the operator's settings. */
export function describeProviderKind(kind: LlmProviderKind, plugin: string): LlmProviderKindInfo {
  return {
    kind: kind.kind,
    displayName: kind.displayName,
    description: kind.description ?? null,
    usesNetwork: kind.usesNetwork,
    optionsSchema: kind.optionsSchema,
    defaultModel: kind.defaultModel ?? null,
    defaultEmbeddingModel: kind.defaultEmbeddingModel ?? null,
    structuredOutput: kind.structuredOutput ?? 'prompted',
    pricedModels: Object.keys(kind.prices?.models ?? {}).sort(),
    pricesAsOf: kind.prices?.asOf ?? null,
    plugin
  }
}

/** Read-only catalogue of the LLM provider kinds the loaded plugins contribute. */
export class LlmProviderKindsService {
  constructor(private readonly registry: PluginRegistry) {}

  async find(): Promise<Paginated<LlmProviderKindInfo>> {
    const data = [...this.registry.llmProviders.values()].map((entry) => describeProviderKind(entry.kind, entry.plugin)).sort((a, b) => a.displayName.localeCompare(b.displayName))
    return { total: data.length, limit: data.length, skip: 0, data }
  }

  async get(kind: string): Promise<LlmProviderKindInfo> {
    const entry = this.registry.llmProviders.get(kind)
    if (!entry) throw new NotFound(`No LLM provider kind "${kind}" is loaded`)
    return describeProviderKind(entry.kind, entry.plugin)
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'llm-provider-kinds': LlmProviderKindsService
  }
}

/** `/api/v1/llm-provider-kinds`: readable by every role (members and viewers see which providers exist too). */
export function llmProviderKinds(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.llmProviderKinds,
      ids: 'name',
      methods: [...serviceMethods['llm-provider-kinds']],
      schemas: { result: llmProviderKindInfoSchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    new LlmProviderKindsService(app.get('plugins'))
  )
}
