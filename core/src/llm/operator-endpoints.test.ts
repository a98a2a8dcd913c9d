import { describe, expect, it } from 'vitest'
import { definePlugin, type LlmProviderKind } from '@troupe/sdk/plugin'
import { PluginRegistry } from '../plugins/plugin-registry.js'
import { isWithinEndpoint, OperatorEndpoints } from './operator-endpoints.js'

const operator = 'https://gateway.example.com/openai/v1'

describe('isWithinEndpoint', () => {
  it.each([
    ['https://gateway.example.com/openai/v1', true],
    ['https://gateway.example.com/openai/v1/', true],
    ['https://gateway.example.com/openai/v1/deployments/x', true],
    ['https://GATEWAY.example.com:443/openai/v1', true],
    ['https://gateway.example.com/openai/v1x', false],
    ['https://gateway.example.com/openai', false],
    ['https://gateway.example.com/other/v1', false],
    ['https://gateway.example.com/openai/v1/../../other', false],
    ['http://gateway.example.com/openai/v1', false],
    ['https://gateway.example.com:8443/openai/v1', false],
    ['https://gateway.example.com.evil.test/openai/v1', false],
    ['https://user:pw@gateway.example.com/openai/v1', false],
    ['https://attacker.test/openai/v1', false],
    ['not a url', false],
    [null, false]
  ])('%s: %s', (baseUrl, expected) => {
    expect(isWithinEndpoint(baseUrl, operator)).toBe(expected)
  })

  it('is never true when the operator configures no endpoint', () => {
    expect(isWithinEndpoint('https://api.openai.com/v1', undefined)).toBe(false)
  })
})

const kind = (name: string, operatorEndpoint?: LlmProviderKind['operatorEndpoint']): LlmProviderKind => ({
  kind: name,
  displayName: name,
  usesNetwork: true,
  optionsSchema: { type: 'object' },
  operatorEndpoint,
  create: () => ({ chat: async () => ({ text: '', toolCalls: [], usage: { promptTokens: 0, completionTokens: 0 }, model: 'm' }) as never })
})

describe('OperatorEndpoints', () => {
  it("reads each kind's endpoint from its plugin's settings, and keeps each key to its own kind", () => {
    const registry = new PluginRegistry()
    registry.add(
      definePlugin({
        id: 'llm-one',
        version: '1.0.0',
        apiVersion: '^2.0.0',
        settings: { type: 'object', properties: { url: { type: 'string' }, key: { type: 'string' } } },
        contributes: { llmProviders: [kind('one', (settings) => (settings.url ? { baseUrl: String(settings.url), apiKey: String(settings.key) } : undefined))] }
      }),
      'test'
    )
    registry.add(definePlugin({ id: 'llm-two', version: '1.0.0', apiVersion: '^2.0.0', contributes: { llmProviders: [kind('two')] } }), 'test')
    registry.readSettings({ TROUPE_LLM_ONE_URL: operator, TROUPE_LLM_ONE_KEY: 'sk-operator' })
    const endpoints = OperatorEndpoints.of(registry)
    expect(endpoints.endpointOf('one')).toEqual({ baseUrl: operator, apiKey: 'sk-operator' })
    expect(endpoints.covers('one', `${operator}/chat`)).toBe(true)
    // Another kind at the same URL does not get the key.
    expect(endpoints.covers('two', operator)).toBe(false)
    expect(endpoints.baseUrls()).toEqual([operator])

    const unset = new PluginRegistry()
    unset.add(definePlugin({ id: 'llm-one', version: '1.0.0', apiVersion: '^2.0.0', contributes: { llmProviders: [kind('one', () => undefined)] } }), 'test')
    expect(OperatorEndpoints.of(unset).baseUrls()).toEqual([])
  })
})
