import { randomUUID } from 'node:crypto'
import type { ProviderSeed } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'
import type { PluginRegistry } from '../plugins/plugin-registry.js'
import { PluginContractError } from '../plugins/plugin-contract-error.js'
import type { OperatorEndpoints } from './operator-endpoints.js'

/** A provider record every new tenant starts with. */
export interface SeedRow {
  name: string
  kind: string
  baseUrl: string | null
  model: string | null
  options: string
  credentialSource: 'tenant' | 'operator'
  priority: number
}

/** What a seed must look like; a plugin whose seeds do not stops the start (not every signup after it). */
function checkSeed(plugin: string, kind: string, seed: ProviderSeed): void {
  const fail = (problem: string) => {
    throw new PluginContractError(plugin, `a provider that kind "${kind}" seeds ${problem}`)
  }
  if (typeof seed?.name !== 'string' || !seed.name.trim() || seed.name.length > 200) fail('needs a name of 1 to 200 characters')
  if (!Number.isInteger(seed.priority)) fail('needs a whole-number priority')
  if (seed.baseUrl !== undefined && typeof seed.baseUrl !== 'string') fail('has a baseUrl that is not a string')
  if (seed.model !== undefined && typeof seed.model !== 'string') fail('has a model that is not a string')
  if (seed.options !== undefined && (typeof seed.options !== 'object' || seed.options === null || Array.isArray(seed.options))) fail('has options that are not an object')
}

/**
 * The providers a new tenant starts with, worked out once at start from the loaded provider kinds
 * (`LlmProviderKind.seedProviders`, with each plugin's settings and the kind's operator endpoint):
 * every kind's seeds, or, when none seeds anything but a `fallback`, the fallbacks (the offline
 * provider). Names must be unique among them.
 */
export function providerSeeds(registry: PluginRegistry, operators: OperatorEndpoints): SeedRow[] {
  const seeds: Array<ProviderSeed & { kind: string }> = []
  for (const [name, { plugin, kind }] of registry.llmProviders) {
    const endpoint = operators.endpointOf(name)
    const context = { settings: registry.pluginContext(plugin).settings, operatorEndpoint: endpoint ? { baseUrl: endpoint.baseUrl } : undefined }
    for (const seed of kind.seedProviders?.(context) ?? []) {
      checkSeed(plugin, name, seed)
      if (seeds.some((other) => other.name === seed.name)) throw new PluginContractError(plugin, `kind "${name}" seeds a provider named "${seed.name}", which another kind seeds too`)
      seeds.push({ ...seed, kind: name })
    }
  }
  const chosen = seeds.some((seed) => !seed.fallback) ? seeds.filter((seed) => !seed.fallback) : seeds
  return chosen.map((seed) => ({
    name: seed.name,
    kind: seed.kind,
    baseUrl: seed.baseUrl ?? null,
    model: seed.model ?? null,
    options: JSON.stringify(seed.options ?? {}),
    credentialSource: seed.operatorCredential ? 'operator' : 'tenant',
    priority: seed.priority
  }))
}

/**
 * A new tenant can call an LLM at once: it gets the seeded providers (`providerSeeds`). A seed that
 * uses the operator's key does not copy it into the tenant: the record refers to it
 * (`credentialSource: "operator"`), and it is read from the plugin's settings at call time, for the
 * operator's endpoint of that kind only.
 */
export async function seedDefaultProviders(app: Application, principal: Principal, seeds: readonly SeedRow[]): Promise<void> {
  if (!seeds.length) return
  await app
    .get('knex')('llmProviders')
    .withSchema(principal.tenantSchema)
    .insert(seeds.map((seed) => ({ id: randomUUID(), ...seed })))
}
