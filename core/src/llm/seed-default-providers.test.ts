import { describe, expect, it } from 'vitest'
import { definePlugin, type LlmProviderKind, type ProviderSeed } from '@troupe/sdk/plugin'
import { PluginRegistry } from '../plugins/plugin-registry.js'
import { OperatorEndpoints } from './operator-endpoints.js'
import { providerSeeds } from './seed-default-providers.js'

const kind = (name: string, extra: Partial<LlmProviderKind>): LlmProviderKind => ({
  kind: name,
  displayName: name,
  usesNetwork: true,
  optionsSchema: { type: 'object' },
  create: () => ({ chat: async () => ({ text: '', toolCalls: [], usage: { promptTokens: 0, completionTokens: 0 }, model: 'm' }) as never }),
  ...extra
})

function registryOf(...kinds: LlmProviderKind[]) {
  const registry = new PluginRegistry()
  kinds.forEach((one, index) =>
    registry.add(
      definePlugin({
        id: `llm-${index}`,
        version: '1.0.0',
        apiVersion: '^2.0.0',
        settings: { type: 'object', properties: { url: { type: 'string' }, key: { type: 'string' } } },
        contributes: { llmProviders: [one] }
      }),
      'test'
    )
  )
  registry.readSettings({ TROUPE_LLM_1_URL: 'https://gateway.test/v1', TROUPE_LLM_1_KEY: 'sk-operator' })
  return registry
}

const offline = kind('offline', { usesNetwork: false, seedProviders: () => [{ name: 'Offline', priority: 100, fallback: true }] })
const vendor = kind('vendor', {
  operatorEndpoint: (settings) => (settings.url ? { baseUrl: String(settings.url), apiKey: String(settings.key) } : undefined),
  seedProviders: ({ operatorEndpoint }) => (operatorEndpoint ? [{ name: 'Vendor (server default)', baseUrl: operatorEndpoint.baseUrl, operatorCredential: true, priority: 10 }] : [])
})

describe('providerSeeds', () => {
  it("seeds every kind's providers, the offline fallback only when nothing else is seeded, and never copies the operator's key", () => {
    const registry = registryOf(offline, vendor)
    const seeds = providerSeeds(registry, OperatorEndpoints.of(registry))
    expect(seeds).toEqual([{ name: 'Vendor (server default)', kind: 'vendor', baseUrl: 'https://gateway.test/v1', model: null, options: '{}', credentialSource: 'operator', priority: 10 }])
    expect(JSON.stringify(seeds)).not.toContain('sk-operator')

    const alone = registryOf(offline)
    expect(providerSeeds(alone, OperatorEndpoints.of(alone)).map(({ name, kind }) => [name, kind])).toEqual([['Offline', 'offline']])
  })

  it('refuses, at start, seeds that could not be stored, naming the plugin', () => {
    const bad = (seed: unknown) => kind('bad', { seedProviders: () => [seed as ProviderSeed] })
    const cases: Array<[unknown, RegExp]> = [
      [{ priority: 1 }, /Plugin "llm-0": a provider that kind "bad" seeds needs a name/],
      [{ name: 'x'.repeat(201), priority: 1 }, /needs a name of 1 to 200 characters/],
      [{ name: 'A', priority: 1.5 }, /needs a whole-number priority/],
      [{ name: 'A', priority: 1, options: [] }, /has options that are not an object/],
      [{ name: 'A', priority: 1, baseUrl: 42 }, /has a baseUrl that is not a string/]
    ]
    for (const [seed, message] of cases) {
      const registry = registryOf(bad(seed))
      expect(() => providerSeeds(registry, OperatorEndpoints.of(registry))).toThrow(message)
    }
    const twice = registryOf(kind('one', { seedProviders: () => [{ name: 'Same', priority: 1 }] }), kind('two', { seedProviders: () => [{ name: 'Same', priority: 2 }] }))
    expect(() => providerSeeds(twice, OperatorEndpoints.of(twice))).toThrow(/Plugin "llm-1": kind "two" seeds a provider named "Same", which another kind seeds too/)
  })
})
