import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { PluginContractError } from './plugin-contract-error.js'
import { PluginRegistry } from './plugin-registry.js'
import { ConfigError } from '../config/load-config.js'

/** The plugins every Troupe install loads; `TROUPE_PLUGINS` adds more. */
export const builtinPlugins = [
  '@troupe/plugin-nodes-core',
  '@troupe/plugin-llm-scripted',
  '@troupe/plugin-llm-openai',
  '@troupe/plugin-llm-anthropic',
  '@troupe/plugin-llm-gemini',
  '@troupe/plugin-llm-azure-openai',
  '@troupe/plugin-llm-mistral',
  '@troupe/plugin-llm-ollama',
  '@troupe/plugin-llm-bedrock',
  '@troupe/plugin-sandbox-isolate',
  '@troupe/plugin-sandbox-docker',
  '@troupe/plugin-tool-http',
  '@troupe/plugin-tool-mcp',
  '@troupe/plugin-crew',
  '@troupe/plugin-mcp-server',
  '@troupe/plugin-flow-control',
  // Contributes a log store; it connects only when its setting selects it.
  '@troupe/plugin-store-mongodb'
]

function isPath(specifier: string) {
  return specifier.startsWith('.') || specifier.startsWith('/') || /^[A-Za-z]:[\\/]/.test(specifier)
}

async function importPlugin(specifier: string, cwd: string): Promise<unknown> {
  const target = isPath(specifier) ? pathToFileURL(path.resolve(cwd, specifier)).href : specifier
  let module: { default?: unknown }
  try {
    module = await import(target)
  } catch (error) {
    throw new PluginContractError(specifier, `cannot be loaded: ${(error as Error).message}`)
  }
  return module.default
}

/** The built-in plugins the core itself cannot run without: its triggers and `flow.output`. */
export const coreDependsOn = ['nodes-core']

/**
 * Imports the built-in plugins, except those whose ids `disabled` lists (`TROUPE_DISABLE_PLUGINS`),
 * and those named in configuration (package names or paths relative to `cwd`), checking each
 * contract and then every plugin's `dependsOn`. The first problem stops the start, naming the
 * plugins involved.
 */
export async function loadPlugins(extra: string[], cwd = process.cwd(), builtins = builtinPlugins, disabled: string[] = []): Promise<PluginRegistry> {
  for (const id of coreDependsOn) {
    if (disabled.includes(id)) throw new ConfigError('TROUPE_DISABLE_PLUGINS', `switches off plugin "${id}", which the core depends on (its triggers and flow.output)`)
  }
  const registry = new PluginRegistry()
  const builtinIds: string[] = []
  for (const specifier of builtins) {
    const candidate = await importPlugin(specifier, cwd)
    const id = (candidate as { id?: unknown } | undefined)?.id
    if (typeof id === 'string') builtinIds.push(id)
    if (typeof id === 'string' && disabled.includes(id)) continue
    registry.add(candidate, specifier)
  }
  const unknown = disabled.filter((id) => !builtinIds.includes(id))
  if (unknown.length) {
    throw new ConfigError('TROUPE_DISABLE_PLUGINS', `names ${unknown.map((id) => `"${id}"`).join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not a built-in plugin (built-in: ${builtinIds.join(', ')})`)
  }
  for (const specifier of extra) registry.add(await importPlugin(specifier, cwd), specifier)
  const loaded = new Set(registry.plugins.map((plugin) => plugin.id))
  const why = (id: string) => (disabled.includes(id) ? 'which TROUPE_DISABLE_PLUGINS switches off' : 'which is not loaded')
  for (const plugin of registry.plugins) {
    for (const id of plugin.dependsOn ?? []) {
      if (!loaded.has(id)) throw new PluginContractError(plugin.id, `depends on plugin "${id}", ${why(id)}`)
    }
  }
  registry.checkTriggerTypes()
  return registry
}
