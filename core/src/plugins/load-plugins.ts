import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { PluginContractError } from './plugin-contract-error.js'
import { PluginRegistry } from './plugin-registry.js'

/** The plugins every Troupe install loads; `TROUPE_PLUGINS` adds more. */
export const builtinPlugins = [
  '@troupe/plugin-nodes-core',
  '@troupe/plugin-llm-scripted',
  '@troupe/plugin-llm-openai',
  '@troupe/plugin-sandbox-isolate',
  '@troupe/plugin-sandbox-docker',
  '@troupe/plugin-crew',
  '@troupe/plugin-mcp-server',
  // Contributes the `mongodb` log store; it connects only when MONGODB_URL is set.
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

/**
 * Imports the built-in plugins and those named in configuration (package names or paths
 * relative to `cwd`), checking each contract. The first broken plugin stops the start.
 */
export async function loadPlugins(extra: string[], cwd = process.cwd(), builtins = builtinPlugins): Promise<PluginRegistry> {
  const registry = new PluginRegistry()
  for (const specifier of [...builtins, ...extra]) {
    registry.add(await importPlugin(specifier, cwd), specifier)
  }
  return registry
}
