import { BadGateway, BadRequest, Unavailable } from '@feathersjs/errors'
import {
  LlmProviderError,
  parseStructuredAnswer,
  structuredAnswerText,
  type ChatOptions,
  type ChatResult,
  type EmbedResult,
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
import { correctionMessages, structuredOutputInstruction } from './structured-output.js'

export interface LlmCallContext {
  principal: Principal
  /** Receives `llm.failover` events (and is where an execution records them). */
  emit?: (event: NodeEvent) => void
  executionId?: string
  nodeId?: string
}

type LlmRequest = Parameters<LlmClient['chat']>[0]
type EmbedCall = Parameters<NonNullable<LlmClient['embed']>>[0]

function isAbort(error: unknown, signal?: AbortSignal) {
  return signal?.aborted === true || (error as Error)?.name === 'AbortError'
}

/** Connection errors, 5xx, 429, auth and timeouts are worth the next provider; a bad request is not (`LlmFailureReason`). */
function isRetryable(error: unknown) {
  if (error instanceof LlmProviderError) return error.retryable
  return error instanceof TypeError || /ECONN|ETIMEDOUT|ENOTFOUND|socket|network|timeout/i.test(String((error as Error)?.message))
}

/** The answer to a failure no other provider is tried for: the request's fault (400) or the provider's refusal (502). */
function finalFailure(providerName: string, error: unknown, reason: string) {
  const why = error instanceof LlmProviderError ? error.reason : undefined
  if (why === 'context_too_long') return new BadRequest(`The conversation does not fit the model's context (provider ${providerName}): ${reason}`)
  if (why === 'content_filtered') return new BadGateway(`LLM provider ${providerName}'s content filter refused the request: ${reason}`)
  return new BadGateway(`LLM provider ${providerName} refused the request: ${reason}`)
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

  const rests = app.get('providerRests')
  /** The enabled providers, the requested one first, then by priority; those a vendor rate-limited rest at the end. */
  const providersInOrder = async (preferred?: string): Promise<StoredProvider[]> => {
    const rows = (await knex('llmProviders')
      .withSchema(principal.tenantSchema)
      .where({ enabled: true })
      .orderBy([{ column: 'priority' }, { column: 'createdAt' }])) as StoredProvider[]
    if (!preferred) return rests.order(principal.tenantId, rows)
    const chosen = rows.find((row) => row.id === preferred)
    if (!chosen) throw new BadRequest(`providerId ${preferred} is not an enabled LLM provider of this tenant`)
    return rests.order(principal.tenantId, [chosen, ...rows.filter((row) => row.id !== preferred)])
  }

  const recordUsage = async (provider: StoredProvider, result: Pick<ChatResult, 'usage' | 'model'>, costUsd: number, cached: boolean) => {
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

  const liveProvider = (provider: StoredProvider, kind: Parameters<typeof instantiateProvider>[1]['kind']): LlmProvider =>
    instantiateProvider(provider, {
      kind,
      tenantId: principal.tenantId,
      secretBox: app.get('secretBox'),
      config: app.get('config'),
      operators: app.get('operatorEndpoints'),
      logic: tenantLogicFor(app.get('logicPool'), principal.tenantId)
    })

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
      tools: request.tools,
      responseFormat: request.responseFormat
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
    const live = liveProvider(provider, entry.kind)
    const { providerId: _chosen, cache: _cache, ...asked } = request
    // A kind without a JSON-Schema mode is asked for the answer's shape in words (and checked after).
    const chatRequest =
      asked.responseFormat && entry.kind.structuredOutput !== 'native'
        ? { ...asked, responseFormat: undefined, messages: [structuredOutputInstruction(asked.responseFormat), ...asked.messages] }
        : asked
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

  /**
   * Tries `providers` in order with `attempt`, moving on when one fails in a way worth retrying
   * (saying so in an `llm.failover` event, with the failure's reason; a rate-limited one rests for
   * the tenant as long as its vendor asked); a failure of another kind is final.
   */
  async function withFailover<T>(providers: StoredProvider[], signal: AbortSignal | undefined, attempt: (provider: StoredProvider, streamed: { count: number }) => Promise<T>): Promise<T> {
    const failures: string[] = []
    for (const [index, provider] of providers.entries()) {
      const streamed = { count: 0 }
      try {
        return await attempt(provider, streamed)
      } catch (error) {
        if (isAbort(error, signal)) throw error
        const reason = (error as Error).message
        failures.push(`${provider.name}: ${reason}`)
        const failure = error instanceof LlmProviderError ? error : undefined
        if (failure?.reason === 'rate_limited') rests.rest(principal.tenantId, provider.id, failure.retryAfterMs)
        // A refused key is the admin's to mend: logged even when the next provider answers.
        if (failure?.reason === 'auth') logger.warn({ tenantId: principal.tenantId, provider: provider.id, reason, failure: failure.reason }, 'LLM provider refused its key')
        const next = providers[index + 1]
        if (!isRetryable(error) || !next) {
          logger.warn({ tenantId: principal.tenantId, provider: provider.id, reason, failure: failure?.reason }, 'LLM call failed')
          if (!isRetryable(error)) throw finalFailure(provider.name, error, reason)
          break
        }
        call.emit?.({
          type: 'llm.failover',
          data: {
            providerId: provider.id,
            providerName: provider.name,
            reason,
            ...(failure?.reason && { failure: failure.reason }),
            ...(failure?.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }),
            status: failure ? (failure.status ?? null) : null,
            nextProviderId: next.id,
            nextProviderName: next.name,
            ...(streamed.count > 0 && { discardStreamedTokens: true, discardedTokens: streamed.count })
          }
        })
      }
    }
    throw new Unavailable(`Every LLM provider failed: ${failures.join('; ')}`)
  }

  const checkBudget = async () => {
    try {
      await assertWithinLlmBudget(knex, principal)
    } catch (error) {
      if (error instanceof BudgetExceeded) call.emit?.({ type: 'budget.exceeded', data: { budgetUsd: error.budgetUsd, spentUsd: error.spentUsd } })
      throw error
    }
  }

  const chatOnce = async (request: LlmRequest, options: ChatOptions) => {
    const providers = await providersInOrder(request.providerId)
    if (!providers.length) throw new BadRequest('No LLM provider is configured for this tenant')
    return withFailover(providers, options.signal, (provider, streamed) => {
      // Tokens stay live: what a failed attempt streamed is withdrawn by the failover event, not held back.
      const onToken = options.onToken
      const attempt: ChatOptions = onToken
        ? {
            ...options,
            onToken: (token) => {
              streamed.count += 1
              onToken(token)
            }
          }
        : options
      return callOne(provider, request, attempt)
    })
  }

  return {
    async chat(request, options = {}) {
      await checkBudget()
      const answer = await chatOnce(request, options)
      const format = request.responseFormat
      if (!format || answer.toolCalls.length > 0) return answer
      // The answer must be JSON of the schema: checked, and asked for once more with what was wrong.
      const logic = tenantLogicFor(app.get('logicPool'), principal.tenantId)
      const checked = await parseStructuredAnswer(answer.text, format.schema, logic)
      if (checked.ok) return { ...answer, text: structuredAnswerText(answer.text) }
      const retried = await chatOnce({ ...request, messages: [...request.messages, ...correctionMessages(answer.text, checked.problems.join('; '))] }, options)
      const again = await parseStructuredAnswer(retried.text, format.schema, logic)
      if (again.ok) return { ...retried, text: structuredAnswerText(retried.text), costUsd: answer.costUsd + retried.costUsd }
      throw new BadGateway(`The LLM's answer does not match the response format ${format.name} after one correction: ${again.problems.join('; ')}`)
    },

    async embed(request: EmbedCall, options: { signal?: AbortSignal } = {}) {
      await checkBudget()
      const capable = (await providersInOrder(request.providerId)).filter((provider) => registry.llmProviders.get(provider.kind)?.kind.defaultEmbeddingModel !== undefined || provider.id === request.providerId)
      if (!capable.length) throw new BadRequest('No LLM provider of this tenant can make embeddings')
      return withFailover(capable, options.signal, async (provider) => {
        const entry = registry.llmProviders.get(provider.kind)
        if (!entry) throw new LlmProviderError(`provider kind ${provider.kind} is not loaded`, true)
        const live = liveProvider(provider, entry.kind)
        if (!live.embed) throw new BadRequest(`LLM provider ${provider.name} (${provider.kind}) cannot make embeddings`)
        const model = request.model ?? entry.kind.defaultEmbeddingModel ?? provider.model ?? 'default'
        const result: EmbedResult = await inSpan('llm.embed', { 'gen_ai.request.model': model, 'troupe.provider': provider.name, 'troupe.tenant': principal.tenantId }, () =>
          live.embed!({ model, texts: request.texts, ...(request.dimensions && { dimensions: request.dimensions }) }, options)
        )
        const usage = { promptTokens: result.usage.promptTokens, completionTokens: 0 }
        const costUsd = costOf(usage, priceOf(result.model, provider.pricing ?? {}, entry.kind.prices))
        await recordUsage(provider, { usage, model: result.model }, costUsd, false)
        return { ...result, providerId: provider.id, costUsd }
      })
    }
  }
}
