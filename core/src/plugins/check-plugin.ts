import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import semver from 'semver'
import { toolKindFields } from '@troupe/sdk'
import { isPlugin, pluginApiVersion, type TroupePlugin } from '@troupe/sdk/plugin'
import { PluginContractError } from './plugin-contract-error.js'

const pluginId = /^[a-z][a-z0-9-]*$/
const namespacedType = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/
const schemaCompiler = addFormatsPlugin.default(new Ajv({ strict: false }))

function isObjectSchema(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object' || (schema as { type?: unknown }).type !== 'object') return false
  try {
    schemaCompiler.compile(schema as object)
    return true
  } catch {
    return false
  }
}

function isPriceTable(value: unknown): boolean {
  const table = value as { asOf?: unknown; models?: unknown } | null
  if (typeof table !== 'object' || table === null || typeof table.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(table.asOf)) return false
  if (typeof table.models !== 'object' || table.models === null) return false
  const amount = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0
  return Object.values(table.models).every((price) => amount(price?.inputPerMTok) && amount(price?.outputPerMTok))
}

function checkPorts(fail: (problem: string) => never, owner: string, which: string, ports: unknown) {
  if (!Array.isArray(ports) || ports.some((port) => typeof port?.name !== 'string' || !port.name)) {
    fail(`${owner} needs ${which} as a list of {name} ports`)
  }
}

/**
 * Checks one plugin against the contract: made by `definePlugin`, a valid id and version, an
 * `apiVersion` range this host satisfies, and well-formed contributions. `source` names the
 * plugin in errors before its id is known.
 */
export function checkPlugin(candidate: unknown, source: string): TroupePlugin {
  if (!isPlugin(candidate)) {
    throw new PluginContractError(source, 'its default export is not the result of definePlugin() from @troupe/sdk/plugin')
  }
  const plugin = candidate
  const name = typeof plugin.id === 'string' && plugin.id ? plugin.id : source
  const fail = (problem: string): never => {
    throw new PluginContractError(name, problem)
  }
  if (!pluginId.test(plugin.id ?? '')) fail('id must be lower-case letters, digits and dashes')
  if (!semver.valid(plugin.version)) fail(`version "${plugin.version}" is not a semver version`)
  if (!semver.validRange(plugin.apiVersion)) fail(`apiVersion "${plugin.apiVersion}" is not a semver range`)
  if (!semver.satisfies(pluginApiVersion, plugin.apiVersion)) {
    fail(`targets plugin API ${plugin.apiVersion}, but this host offers ${pluginApiVersion}`)
  }
  if (plugin.dependsOn !== undefined && (!Array.isArray(plugin.dependsOn) || plugin.dependsOn.some((id) => typeof id !== 'string' || !pluginId.test(id)))) {
    fail('dependsOn must be a list of plugin ids')
  }
  if (plugin.settings !== undefined && !isObjectSchema(plugin.settings)) fail('settings must be a JSON Schema of type object')
  for (const hook of ['setup', 'teardown'] as const) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== 'function') fail(`${hook} must be a function`)
  }

  const { nodeTypes = [], llmProviders = [], toolRuntimes = [], logStores = [], triggerTypes = [], toolKinds = [], executionEntries = [], personalData = [], mcpExposures = [] } = plugin.contributes ?? {}
  for (const nodeType of nodeTypes) {
    const label = `node type "${nodeType?.type}"`
    if (typeof nodeType?.type !== 'string' || !namespacedType.test(nodeType.type)) {
      fail(`${label} must be namespaced as <namespace>.<name> in lower case`)
    }
    if (!isObjectSchema(nodeType.params)) fail(`${label} needs params as a JSON Schema of type object`)
    if (nodeType.version !== undefined && (!Number.isInteger(nodeType.version) || nodeType.version < 1 || nodeType.version > 1000)) {
      fail(`${label} needs version as a whole number from 1 to 1000`)
    }
    for (const field of ['displayName', 'description', 'category'] as const) {
      if (typeof nodeType[field] !== 'string' || !nodeType[field]) fail(`${label} needs a ${field}`)
    }
    checkPorts(fail, label, 'inputs', nodeType.inputs)
    checkPorts(fail, label, 'outputs', nodeType.outputs)
    if (typeof nodeType.execute !== 'function') fail(`${label} needs an execute function`)
    if (nodeType.idempotent !== undefined && typeof nodeType.idempotent !== 'boolean') fail(`${label}: idempotent must be true or false`)
    for (const hook of ['checkParams', 'preview', 'callsFlows'] as const) {
      if (nodeType[hook] !== undefined && typeof nodeType[hook] !== 'function') fail(`${label}: ${hook} must be a function`)
    }
  }
  for (const kind of llmProviders) {
    const label = `LLM provider kind "${kind?.kind}"`
    if (typeof kind?.kind !== 'string' || !pluginId.test(kind.kind)) fail(`${label} must be lower-case letters, digits and dashes`)
    if (!isObjectSchema(kind.optionsSchema)) fail(`${label} needs optionsSchema as a JSON Schema of type object`)
    if (typeof kind.create !== 'function') fail(`${label} needs a create function`)
    if (typeof kind.usesNetwork !== 'boolean') fail(`${label} must say whether it usesNetwork`)
    if (kind.operatorEndpoint !== undefined && typeof kind.operatorEndpoint !== 'function') fail(`${label} needs operatorEndpoint as a function, when present`)
    if (kind.seedProviders !== undefined && typeof kind.seedProviders !== 'function') fail(`${label} needs seedProviders as a function, when present`)
    if (kind.prices !== undefined && !isPriceTable(kind.prices)) fail(`${label} needs prices as {asOf: "YYYY-MM-DD", models: {<model>: {inputPerMTok, outputPerMTok}}} with amounts of 0 or more`)
  }
  for (const runtime of toolRuntimes) {
    const label = `tool runtime "${runtime?.id}"`
    if (typeof runtime?.id !== 'string' || !pluginId.test(runtime.id)) fail(`${label} must be lower-case letters, digits and dashes`)
    if (typeof runtime.run !== 'function' || typeof runtime.available !== 'function') fail(`${label} needs run and available functions`)
  }
  for (const kind of logStores) {
    const label = `log store "${kind?.id}"`
    if (typeof kind?.id !== 'string' || !pluginId.test(kind.id)) fail(`${label} must be lower-case letters, digits and dashes`)
    if (typeof kind.open !== 'function') fail(`${label} needs an open function`)
    if (kind.selectedBy !== undefined) {
      const property = (plugin.settings as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties?.[kind.selectedBy]
      if (typeof kind.selectedBy !== 'string' || property?.type !== 'string') fail(`${label} is selectedBy "${String(kind.selectedBy)}", which must be a string property of the plugin's settings`)
    }
  }
  for (const trigger of triggerTypes) {
    const label = `trigger type "${trigger?.type}"`
    if (typeof trigger?.type !== 'string' || !namespacedType.test(trigger.type)) fail(`${label} must name a node type (<namespace>.<name>)`)
    if (typeof trigger.start !== 'function') fail(`${label} needs a start function`)
  }
  for (const kind of toolKinds) {
    const label = `tool kind "${kind?.kind}"`
    // The API's own kind names (`http`, `mcp`) are taken by the first-party plugins that contribute them.
    const apiKind = (toolKindFields as readonly unknown[]).includes(kind?.kind)
    if (typeof kind?.kind !== 'string' || (!apiKind && !namespacedType.test(kind.kind)) || kind.kind.length > 100) fail(`${label} must be namespaced as <namespace>.<name> in lower case`)
    if (typeof kind.displayName !== 'string' || !kind.displayName) fail(`${label} needs a displayName`)
    if (!isObjectSchema(kind.settingsSchema)) fail(`${label} needs settingsSchema as a JSON Schema of type object`)
    if (typeof kind.invoke !== 'function') fail(`${label} needs an invoke function`)
    for (const hook of ['destination', 'limits', 'checkSettings'] as const) {
      if (kind[hook] !== undefined && typeof kind[hook] !== 'function') fail(`${label}: ${hook} must be a function`)
    }
    if (kind.secretPlaces !== undefined && (!Array.isArray(kind.secretPlaces) || !kind.secretPlaces.every((place) => typeof place === 'string' && place.length > 0))) {
      fail(`${label}: secretPlaces must be a list of field paths (headers.*)`)
    }
    for (const limit of ['timeoutMs', 'maxResponseBytes'] as const) {
      const value = kind[limit]
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) fail(`${label}: ${limit} must be a whole number above 0`)
    }
  }
  for (const declaration of personalData) {
    const label = `personal data "${declaration?.name}"`
    if (typeof declaration?.name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(declaration.name)) fail(`${label} needs a name of letters, digits and dashes`)
    if (typeof declaration.export !== 'function' || typeof declaration.erase !== 'function') fail(`${label} needs export and erase functions`)
  }
  for (const exposure of mcpExposures) {
    const label = `MCP exposure of "${exposure?.service}"`
    if (typeof exposure?.service !== 'string' || !exposure.service) fail(`${label} needs a service path`)
    if (typeof exposure.entryField !== 'string' || !/^[a-z][A-Za-z0-9]*Id$/.test(exposure.entryField)) fail(`${label} needs entryField, an execution entry's field (crewId)`)
    if (typeof exposure.toolPrefix !== 'string' || !/^[a-z][a-z0-9]{0,15}$/.test(exposure.toolPrefix)) fail(`${label} needs toolPrefix in lower-case letters and digits`)
    if (typeof exposure.describe !== 'function') fail(`${label} needs a describe function`)
    if (exposure.answer !== undefined && typeof exposure.answer !== 'function') fail(`${label}: answer must be a function`)
  }
  for (const entry of executionEntries) {
    const label = `execution entry "${entry?.field}"`
    if (typeof entry?.field !== 'string' || !/^[a-z][A-Za-z0-9]{0,60}Id$/.test(entry.field) || entry.field === 'flowId') fail(`${label} must be a camelCase field ending in Id, other than flowId`)
    if (typeof entry.graph !== 'function') fail(`${label} needs a graph function`)
  }
  return plugin
}
