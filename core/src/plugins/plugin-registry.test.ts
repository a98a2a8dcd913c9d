import { describe, expect, it } from 'vitest'
import { definePlugin, type LogStoreKind, type NodeType } from '@troupe/sdk/plugin'
import { PluginRegistry } from './plugin-registry.js'

const nodeType = (overrides: Partial<NodeType> = {}): NodeType => ({
  type: 'text.upper',
  displayName: 'Upper',
  description: 'Upper-cases text',
  category: 'Data',
  params: { type: 'object', properties: {} },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  execute: async () => ({ output: null }),
  ...overrides
})

const plugin = (overrides: Record<string, unknown> = {}) =>
  definePlugin({ id: 'text', version: '1.0.0', apiVersion: '^2.0.0', contributes: { nodeTypes: [nodeType()] }, ...overrides })

const refusal = (...candidates: unknown[]) => {
  const registry = new PluginRegistry()
  try {
    candidates.forEach((candidate, index) => registry.add(candidate, `./plugin-${index}`))
  } catch (error) {
    return (error as Error).message
  }
  return 'accepted'
}

const logStore: LogStoreKind = { id: 'mongodb', open: async () => ({}) as never }

describe('PluginRegistry', () => {
  it('accepts a well-formed plugin and indexes its contributions', () => {
    const registry = new PluginRegistry()
    registry.add(plugin(), './text')
    expect(registry.nodeTypes.get('text.upper')?.plugin).toBe('text')
  })

  it('keeps every version of a node type, the latest as the type, and a missing version as 1', () => {
    const registry = new PluginRegistry()
    const v3 = nodeType({ version: 3, description: 'three' })
    registry.add(plugin({ contributes: { nodeTypes: [v3, nodeType()] } }), './text')
    expect(registry.nodeTypes.get('text.upper')?.nodeType).toBe(v3)
    expect(registry.versionsOf('text.upper')).toEqual([1, 3])
    expect(registry.nodeType('text.upper')?.nodeType.version).toBeUndefined()
    expect(registry.nodeType('text.upper', 3)?.nodeType).toBe(v3)
    expect(registry.nodeType('text.upper', 2)).toBeUndefined()
  })

  it('checks that each trigger type serves a loaded trigger node type', () => {
    const tick = { type: 'text.tick', start: () => undefined }
    const registry = new PluginRegistry()
    registry.add(plugin({ contributes: { nodeTypes: [nodeType()], triggerTypes: [{ ...tick, type: 'text.upper' }] } }), './text')
    expect(() => registry.checkTriggerTypes()).toThrow(/Plugin "text": trigger type "text.upper" serves a node type that is not a trigger/)
    const fine = new PluginRegistry()
    fine.add(plugin({ contributes: { nodeTypes: [nodeType({ type: 'text.tick', trigger: true, inputs: [] })], triggerTypes: [tick] } }), './text')
    expect(() => fine.checkTriggerTypes()).not.toThrow()
    expect(fine.triggerTypes.get('text.tick')?.plugin).toBe('text')
  })

  it('indexes contributed log stores by id', () => {
    const registry = new PluginRegistry()
    registry.add(plugin({ contributes: { logStores: [logStore] } }), './store')
    expect(registry.logStores.get('mongodb')).toEqual({ plugin: 'text', kind: logStore })
  })

  it.each([
    ['a plain object', [{ id: 'x', version: '1.0.0', apiVersion: '^2.0.0' }], /Plugin ".\/plugin-0": its default export is not the result of definePlugin/],
    ['a duplicate id', [plugin(), plugin({ contributes: {} })], /Plugin "text": id is already taken/],
    ['a plugin of the previous major (plugin API 1)', [plugin({ apiVersion: '^1.9.0' })], /Plugin "text": targets plugin API \^1.9.0, but this host offers 2.0.0/],
    ['a wrong apiVersion', [plugin({ apiVersion: '^3.0.0' })], /Plugin "text": targets plugin API \^3.0.0, but this host offers 2.0.0/],
    ['a bad apiVersion', [plugin({ apiVersion: 'latest' })], /apiVersion "latest" is not a semver range/],
    ['a bad version', [plugin({ version: 'one' })], /version "one" is not a semver version/],
    ['a bad id', [plugin({ id: 'Text Plugin' })], /Plugin "Text Plugin": id must be lower-case/],
    ['a node type without params schema', [plugin({ contributes: { nodeTypes: [nodeType({ params: undefined as never })] } })], /node type "text.upper" needs params as a JSON Schema of type object/],
    ['a node type with an invalid schema', [plugin({ contributes: { nodeTypes: [nodeType({ params: { type: 'object', properties: { a: { type: 'nonsense' } } } })] } })], /needs params as a JSON Schema/],
    ['an unnamespaced node type', [plugin({ contributes: { nodeTypes: [nodeType({ type: 'upper' })] } })], /node type "upper" must be namespaced/],
    ['a node type without execute', [plugin({ contributes: { nodeTypes: [nodeType({ execute: undefined as never })] } })], /needs an execute function/],
    ['a node type without ports', [plugin({ contributes: { nodeTypes: [nodeType({ outputs: undefined as never })] } })], /needs outputs/],
    ['a node type with a non-boolean idempotent', [plugin({ contributes: { nodeTypes: [nodeType({ idempotent: 'yes' as never })] } })], /node type "text.upper": idempotent must be true or false/],
    ['a node type claimed twice', [plugin(), plugin({ id: 'other' })], /Plugin "other": node type "text.upper" is already contributed by plugin "text"/],
    ['a node type version claimed twice', [plugin({ contributes: { nodeTypes: [nodeType({ version: 2 }), nodeType({ version: 2 })] } })], /Plugin "text": node type "text.upper" version 2 is already contributed by plugin "text"/],
    ['a node type version that is no whole number', [plugin({ contributes: { nodeTypes: [nodeType({ version: 1.5 })] } })], /node type "text.upper" needs version as a whole number from 1 to 1000/],
    ['a provider kind with a broken price table', [plugin({ contributes: { llmProviders: [{ kind: 'x', displayName: 'X', usesNetwork: true, optionsSchema: { type: 'object' }, prices: { asOf: 'June', models: { m: { inputPerMTok: -1, outputPerMTok: 1 } } }, create: () => ({}) as never }] } })], /LLM provider kind "x" needs prices as/],
    ['a provider kind without options schema', [plugin({ contributes: { llmProviders: [{ kind: 'x', displayName: 'X', usesNetwork: false, create: () => ({}) }] } })], /LLM provider kind "x" needs optionsSchema/],
    ['a log store without open', [plugin({ contributes: { logStores: [{ id: 'mongodb' } as never] } })], /log store "mongodb" needs an open function/],
    ['an execution entry on flowId', [plugin({ contributes: { executionEntries: [{ field: 'flowId', graph: async () => undefined }] } })], /execution entry "flowId" must be a camelCase field ending in Id, other than flowId/],
    ['an execution entry that is no id field', [plugin({ contributes: { executionEntries: [{ field: 'crew', graph: async () => undefined }] } })], /execution entry "crew" must be a camelCase field ending in Id/],
    ['an execution entry without graph', [plugin({ contributes: { executionEntries: [{ field: 'crewId' } as never] } })], /execution entry "crewId" needs a graph function/],
    ['an execution entry claimed twice', [plugin({ contributes: { executionEntries: [{ field: 'crewId', graph: async () => undefined }] } }), plugin({ id: 'other', contributes: { executionEntries: [{ field: 'crewId', graph: async () => undefined }] } })], /Plugin "other": execution entry "crewId" is already contributed by plugin "text"/],
    ['a log store selected by no setting of its plugin', [plugin({ contributes: { logStores: [{ ...logStore, selectedBy: 'url' }] } })], /log store "mongodb" is selectedBy "url", which must be a string property of the plugin's settings/],
    ['a provider kind whose seedProviders is no function', [plugin({ contributes: { llmProviders: [{ kind: 'x', displayName: 'X', usesNetwork: false, optionsSchema: { type: 'object' }, seedProviders: [] as never, create: () => ({}) as never }] } })], /needs seedProviders as a function/],
    ['a trigger type without start', [plugin({ contributes: { triggerTypes: [{ type: 'text.tick' }] } })], /trigger type "text.tick" needs a start function/],
    ['a trigger type claimed twice', [plugin({ contributes: { triggerTypes: [{ type: 'text.tick', start: () => undefined }, { type: 'text.tick', start: () => undefined }] } })], /trigger type "text.tick" is already contributed by plugin "text"/],
    ['a tool kind without a settings schema', [plugin({ contributes: { toolKinds: [{ kind: 'text.fetch', displayName: 'Fetch', invoke: async () => ({ result: 1 }) }] } })], /tool kind "text.fetch" needs settingsSchema as a JSON Schema of type object/],
    ['a tool kind named like a core kind', [plugin({ contributes: { toolKinds: [{ kind: 'code', displayName: 'Code', settingsSchema: { type: 'object' }, invoke: async () => ({ result: 1 }) }] } })], /tool kind "code" must be namespaced/],
    ['a tool kind with a zero time limit', [plugin({ contributes: { toolKinds: [{ kind: 'text.fetch', displayName: 'Fetch', settingsSchema: { type: 'object' }, timeoutMs: 0, invoke: async () => ({ result: 1 }) }] } })], /tool kind "text.fetch": timeoutMs must be a whole number above 0/],
    ['personal data without an erase', [plugin({ contributes: { personalData: [{ name: 'notes', export: async () => [] } as never] } })], /Plugin "text": personal data "notes" needs export and erase functions/],
    ['personal data with a name that is no section name', [plugin({ contributes: { personalData: [{ name: '../notes', export: async () => [], erase: async () => undefined }] } })], /personal data "..\/notes" needs a name of letters, digits and dashes/],
    ['an MCP exposure that names no execution entry', [plugin({ contributes: { mcpExposures: [{ service: 'notes', entryField: 'notes', toolPrefix: 'note', describe: () => ({ name: 'n', description: 'd' }) }] } })], /MCP exposure of "notes" needs entryField, an execution entry's field/],
    ['an MCP exposure with a prefix that could pose as another tool', [plugin({ contributes: { mcpExposures: [{ service: 'notes', entryField: 'noteId', toolPrefix: 'Flow_', describe: () => ({ name: 'n', description: 'd' }) }] } })], /MCP exposure of "notes" needs toolPrefix in lower-case letters and digits/],
    ['settings that are no object schema', [plugin({ settings: { type: 'string' } })], /Plugin "text": settings must be a JSON Schema of type object/],
    ['a log store claimed twice', [plugin({ contributes: { logStores: [logStore] } }), plugin({ id: 'other', contributes: { logStores: [logStore] } })], /Plugin "other": log store "mongodb" is already contributed by plugin "text"/]
  ])('refuses %s with a message naming the plugin and the problem', (_case, candidates, message) => {
    expect(refusal(...candidates)).toMatch(message)
  })
})
