import { referenceAnnotation, type ChatMessage, type NodeType } from '@troupe/sdk/plugin'

export interface PromptParams {
  prompt: string
  system?: string
  providerId?: string
  model?: string
  temperature?: number
  cache?: boolean
  /** A JSON Schema the answer must match: the output then carries it parsed as `json`. */
  outputSchema?: Record<string, unknown>
}

export const llmPromptNode: NodeType<PromptParams> = {
  type: 'llm.prompt',
  displayName: 'LLM prompt',
  description: "Sends a prompt to one of the tenant's LLM providers and outputs the reply, streaming it as it arrives.",
  category: 'AI',
  // A prompt has no effect outside its answer (asking again only costs tokens).
  idempotent: true,
  params: {
    type: 'object',
    properties: {
      prompt: {
        type: 'string',
        minLength: 1,
        title: 'Prompt',
        description: 'What to ask; templates such as {{ input.question }} are filled in before the call'
      },
      system: { type: 'string', title: 'System message', description: 'Instructions that frame the conversation: role, tone, format' },
      providerId: {
        type: 'string',
        format: 'uuid',
        title: 'Provider',
        description: "The LLM provider to ask; without one, the tenant's providers are tried in order",
        [referenceAnnotation]: 'llm-providers'
      },
      model: { type: 'string', minLength: 1, title: 'Model', description: "Model name; without one, the provider's default model" },
      temperature: {
        type: 'number',
        minimum: 0,
        maximum: 2,
        title: 'Temperature',
        description: 'Randomness of the reply, from 0 (most predictable) to 2'
      },
      cache: {
        type: 'boolean',
        title: 'Use cache',
        description: 'Reuse the stored reply to an identical earlier request instead of calling the provider again'
      },
      outputSchema: {
        type: 'object',
        title: 'Output schema',
        description:
          'A JSON Schema the answer must match (structured output): sent to providers that support it, asked for in words otherwise, checked, and asked once more when wrong; the output then has the answer parsed as json'
      }
    },
    required: ['prompt'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute({ params, services, signal, emit, logger }) {
    const { prompt, system, providerId, model, temperature, cache, outputSchema } = params
    const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }]
    const responseFormat = outputSchema ? { responseFormat: { type: 'json_schema' as const, name: 'output', schema: outputSchema } } : {}
    const result = await services.llm.chat(
      { messages, providerId, model, temperature, cache, ...responseFormat },
      { signal, onToken: (token) => emit({ type: 'token', data: { token } }) }
    )
    logger.info('LLM answered', { providerId: result.providerId, model: result.model, cached: result.cached })
    return {
      output: {
        text: result.text,
        // The host checked the text against the schema: it is that JSON.
        ...(outputSchema && { json: JSON.parse(result.text) as unknown }),
        usage: { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens, costUsd: result.costUsd }
      }
    }
  }
}
