import { ProviderRests } from './provider-rests.js'
import { LlmProviderError, type LlmProviderKind, type NodeEvent } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import type { Application, Principal } from '../declarations.js'
import { createLlmClient } from './llm-gateway.js'
import type { StoredProvider } from './stored-provider.js'
import { OperatorEndpoints } from './operator-endpoints.js'

/** How a test provider behaves: the tokens it streams, then whether it fails (retryably) instead of answering. */
interface Behaviour {
  tokens: string[]
  fails?: string
}

const principal: Principal = { userId: 'u1', tenantId: 't1', tenantSchema: 'tenant_t1', role: 'member' }

/** A provider kind per test provider: it streams its tokens when asked to, then answers or fails. */
function providerKind(kind: string, { tokens, fails }: Behaviour): LlmProviderKind {
  return {
    kind,
    displayName: kind,
    usesNetwork: false,
    optionsSchema: {},
    create: () => ({
      async chat(request, options = {}) {
        for (const token of tokens) options.onToken?.(token)
        if (fails) throw new LlmProviderError(fails, true)
        return { text: tokens.join(''), toolCalls: [], usage: { promptTokens: 3, completionTokens: tokens.length }, model: request.model, finishReason: 'stop' }
      }
    })
  }
}

function storedProvider(name: string, priority: number): StoredProvider {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, priority))
  return { id: `${name}-id`, name, kind: name, baseUrl: null, model: 'm', apiKeyCiphertext: null, credentialSource: 'tenant', apiKeyOrigin: null, priority, enabled: true, cache: false, timeoutMs: 1000, pricing: {}, rules: null, options: {}, createdAt: at, updatedAt: at }
}

/**
 * Just enough of the host for the gateway: the tenant's providers in priority order (no budget,
 * usage rows dropped), a registry with one kind per provider, and no-op cache, logger and metrics.
 */
function gatewayWith(providers: Array<[string, Behaviour]>) {
  const rows = providers.map(([name], index) => storedProvider(name, index + 1))
  const query = (table: string) => {
    const builder = {
      withSchema: () => builder,
      where: () => builder,
      orderBy: async () => (table === 'llmProviders' ? rows : []),
      first: async () => undefined,
      insert: async () => undefined
    }
    return builder
  }
  const counter = { inc: () => undefined }
  const settings: Record<string, unknown> = {
    knex: query,
    plugins: { llmProviders: new Map(providers.map(([name, behaviour]) => [name, { plugin: 'test', kind: providerKind(name, behaviour) }])) },
    responseCache: { get: async () => undefined, set: async () => undefined },
    providerRests: new ProviderRests(),
    logger: { warn: () => undefined },
    metrics: { llmTokens: counter, llmCost: counter },
    secretBox: {},
    config: {},
    operatorEndpoints: OperatorEndpoints.none()
  }
  const app = { get: (key: string) => settings[key] } as unknown as Application
  /** What a live consumer sees, in order: `token:<text>` for each streamed token, the other events as they are. */
  const seen: Array<string | NodeEvent> = []
  const llm = createLlmClient(app, { principal, emit: (event) => seen.push(event) })
  const chat = (stream = true) => llm.chat({ messages: [{ role: 'user', content: 'A line about tea' }] }, stream ? { onToken: (token) => seen.push(`token:${token}`) } : {})
  return { chat, seen }
}

/** The text a consumer shows when it applies the rule: on a failover that says so, drop the tokens the failed attempt streamed. */
function shownText(seen: Array<string | NodeEvent>): string {
  const pieces: string[] = []
  for (const item of seen) {
    if (typeof item === 'string') pieces.push(item.slice('token:'.length))
    else if (item.type === 'llm.failover' && item.data.discardStreamedTokens === true) pieces.splice(-Number(item.data.discardedTokens))
  }
  return pieces.join('')
}

describe('llm gateway failover', () => {
  it('says a failed attempt streamed tokens that must be discarded, and how many, while tokens stay live', async () => {
    const { chat, seen } = gatewayWith([
      ['Primary', { tokens: ['Leaves', ' st'], fails: 'The stream ended before the reply was complete' }],
      ['Backup', { tokens: ['Leaves ', 'steep.'] }]
    ])

    const answer = await chat()

    expect(answer).toMatchObject({ text: 'Leaves steep.', providerId: 'Backup-id' })
    expect(seen).toEqual([
      'token:Leaves',
      'token: st',
      {
        type: 'llm.failover',
        data: {
          providerId: 'Primary-id',
          providerName: 'Primary',
          reason: 'The stream ended before the reply was complete',
          status: null,
          nextProviderId: 'Backup-id',
          nextProviderName: 'Backup',
          discardStreamedTokens: true,
          discardedTokens: 2
        }
      },
      'token:Leaves ',
      'token:steep.'
    ])
    expect(shownText(seen)).toBe(answer.text)
  })

  it('leaves the flag out when the failed attempt streamed nothing, and counts each attempt on its own', async () => {
    const { chat, seen } = gatewayWith([
      ['Cut', { tokens: ['Half'], fails: 'connection reset' }],
      ['Refused', { tokens: [], fails: '429 Rate limit reached' }],
      ['Working', { tokens: ['Leaves ', 'steep.'] }]
    ])

    const answer = await chat()

    const failovers = seen.filter((item): item is NodeEvent => typeof item !== 'string')
    expect(failovers.map((event) => [event.data.providerName, event.data.discardStreamedTokens, event.data.discardedTokens])).toEqual([
      ['Cut', true, 1],
      ['Refused', undefined, undefined]
    ])
    expect(failovers[1]!.data).not.toHaveProperty('discardStreamedTokens')
    expect(shownText(seen)).toBe(answer.text)
  })

  it('never sets the flag on a call that does not stream', async () => {
    const { chat, seen } = gatewayWith([
      ['Primary', { tokens: [], fails: '500 upstream exploded' }],
      ['Backup', { tokens: ['Leaves steep.'] }]
    ])

    expect((await chat(false)).text).toBe('Leaves steep.')
    expect(seen).toEqual([expect.objectContaining({ type: 'llm.failover', data: expect.not.objectContaining({ discardStreamedTokens: expect.anything() }) })])
  })
})
