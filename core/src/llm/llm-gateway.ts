import { BadGateway, BadRequest, Unavailable } from '@feathersjs/errors'
import {
  LlmProviderError,
  type ChatOptions,
  type ChatResult,
  type LlmClient,
  type LlmProvider,
  type NodeEvent
} from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'
import { instantiateProvider } from './instantiate-provider.js'
import { assertWithinLlmBudget, BudgetExceeded } from '../limits/llm-budget.js'
import { inSpan } from '../observability/tracing.js'

/** Prompt text goes into traces only when asked for: it is the tenant's data. */
const tracePrompts = process.env.TROUPE_TRACE_PROMPTS === 'true'
import { costOf, priceOf } from './pricing.js'
import { responseCacheKey } from './response-cache.js'
import type { StoredProvider } from './stored-provider.js'
import { tenantLogicFor } from '../tenant-logic/tenant-logic.js'

export interface LlmCallContext {
  principal: Principal
  /** Receives `llm.failover` events (and is where an execution records them). */
  emit?: (event: NodeEvent) => void
  executionId?: string
  nodeId?: string
}

type LlmRequest = Parameters<LlmClient['chat']>[0]

function isAbort(error: unknown, signal?: AbortSignal) {
  return signal?.aborted === true || (error as Error)?.name === 'AbortError'
}

/** Connection errors, 5xx, 429 and timeouts are worth the next provider; a bad request is not. */
function isRetryable(error: unknown) {
  if (error instanceof LlmProviderError) return error.retryable
  return error instanceof TypeError || /ECONN|ETIMEDOUT|ENOTFOUND|socket|network|timeout/i.test(String((error as Error)?.message))
}

/**
 * The LLM facility of a tenant: tries its enabled providers in priority order (the requested one
 * first), moving on when one fails in a way worth retrying and saying so in an `llm.failover`
 * event (which, when the failed attempt had already streamed tokens, tells consumers how many to
 * discard: the next provider streams its whole answer); serves identical requests from the cache
 * when the provider or request asks for it; and records tokens and cost of every call in the
 * tenant's `llm_usage`.
 */
export function createLlmClient(app: Application, call: LlmCallContext): LlmClient {
  const { principal } = call
  const knex = app.get('knex')
  const registry = app.get('plugins')
  const cache = app.get('responseCache')
  const logger = app.get('logger')
  const metrics = app.get('metrics')

  const providersInOrder = async (preferred?: string): Promise<StoredProvider[]> => {
    const rows = (await knex('llmProviders')
      .withSchema(principal.tenantSchema)
      .where({ enabled: true })
      .orderBy([{ column: 'priority' }, { column: 'createdAt' }])) as StoredProvider[]
    if (!preferred) return rows
    const chosen = rows.find((row) => row.id === preferred)
    if (!chosen) throw new BadRequest(`providerId ${preferred} is not an enabled LLM provider of this tenant`)
    return [chosen, ...rows.filter((row) => row.id !== preferred)]
  }

  const recordUsage = async (provider: StoredProvider, result: ChatResult, costUsd: number, cached: boolean) => {
    const labels = { tenant: principal.tenantId, provider: provider.name }
    metrics.llmTokens.inc({ ...labels, kind: 'prompt' }, result.usage.promptTokens)
    metrics.llmTokens.inc({ ...labels, kind: 'completion' }, result.usage.completionTokens)
    metrics.llmCost.inc(labels, costUsd)
    await knex('llmUsage').withSchema(principal.tenantSchema).insert({
      providerId: provider.id,
      providerName: provider.name,
      model: result.model,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      costUsd,
      cached,
      executionId: call.executionId ?? null,
      nodeId: call.nodeId ?? null
    })
  }

  const callOne = async (provider: StoredProvider, request: LlmRequest, options: ChatOptions) => {
    const entry = registry.llmProviders.get(provider.kind)
    if (!entry) throw new LlmProviderError(`provider kind ${provider.kind} is not loaded`, true)
    const model = request.model ?? provider.model ?? entry.kind.defaultModel ?? 'default'
    const useCache = request.cache ?? provider.cache
    const key = responseCacheKey({
      tenantId: principal.tenantId,
      providerId: provider.id,
      model,
      messages: request.messages,
      tools: request.tools
    })
    const price = (result: ChatResult) => costOf(result.usage, priceOf(result.model, provider.pricing ?? {}, entry.kind.prices))

    if (useCache) {
      const hit = await cache.get(key).catch((error: Error) => {
        logger.warn({ err: error }, 'LLM response cache unavailable; calling the provider')
        return undefined
      })
      if (hit) {
        if (hit.text) options.onToken?.(hit.text)
        await recordUsage(provider, hit, 0, true)
        return { ...hit, providerId: provider.id, costUsd: 0, cached: true }
      }
    }
    const live: LlmProvider = instantiateProvider(provider, {
      kind: entry.kind,
      tenantId: principal.tenantId,
      secretBox: app.get('secretBox'),
      config: app.get('config'),
      operators: app.get('operatorEndpoints'),
      logic: tenantLogicFor(app.get('logicPool'), principal.tenantId)
    })
    const { providerId: _chosen, cache: _cache, ...chatRequest } = request
    const result = await inSpan('llm.chat', { 'gen_ai.request.model': model, 'troupe.provider': provider.name, 'troupe.provider.kind': provider.kind, 'troupe.tenant': principal.tenantId }, async (span) => {
      if (tracePrompts) span.setAttribute('gen_ai.prompt', JSON.stringify(chatRequest.messages))
      const answer = await live.chat({ ...chatRequest, model }, options)
      span.setAttributes({
        'gen_ai.response.model': answer.model,
        'gen_ai.usage.input_tokens': answer.usage.promptTokens,
        'gen_ai.usage.output_tokens': answer.usage.completionTokens,
        'troupe.cost_usd': price(answer)
      })
      return answer
    })
    const costUsd = price(result)
    if (useCache) {
      await cache.set(key, result).catch((error: Error) => logger.warn({ err: error }, 'LLM response not cached'))
    }
    await recordUsage(provider, result, costUsd, false)
    return { ...result, providerId: provider.id, costUsd, cached: false }
  }

  return {
    async chat(request, options = {}) {
      try {
        await assertWithinLlmBudget(knex, principal)
      } catch (error) {
        if (error instanceof BudgetExceeded) call.emit?.({ type: 'budget.exceeded', data: { budgetUsd: error.budgetUsd, spentUsd: error.spentUsd } })
        throw error
      }
      const providers = await providersInOrder(request.providerId)
      if (!providers.length) throw new BadRequest('No LLM provider is configured for this tenant')
      const failures: string[] = []
      for (const [index, provider] of providers.entries()) {
        // Tokens stay live: what a failed attempt streamed is withdrawn by the failover event, not held back.
        let streamedTokens = 0
        const onToken = options.onToken
        const attempt: ChatOptions = onToken
          ? {
              ...options,
              onToken: (token) => {
                streamedTokens += 1
                onToken(token)
              }
            }
          : options
        try {
          return await callOne(provider, request, attempt)
        } catch (error) {
          if (isAbort(error, options.signal)) throw error
          const reason = (error as Error).message
          failures.push(`${provider.name}: ${reason}`)
          const next = providers[index + 1]
          if (!isRetryable(error) || !next) {
            logger.warn({ tenantId: principal.tenantId, provider: provider.id, reason }, 'LLM call failed')
            if (!isRetryable(error)) throw new BadGateway(`LLM provider ${provider.name} refused the request: ${reason}`)
            break
          }
          call.emit?.({
            type: 'llm.failover',
            data: {
              providerId: provider.id,
              providerName: provider.name,
              reason,
              status: error instanceof LlmProviderError ? (error.status ?? null) : null,
              nextProviderId: next.id,
              nextProviderName: next.name,
              ...(streamedTokens > 0 && { discardStreamedTokens: true, discardedTokens: streamedTokens })
            }
          })
        }
      }
      throw new Unavailable(`Every LLM provider failed: ${failures.join('; ')}`)
    }
  }
}
