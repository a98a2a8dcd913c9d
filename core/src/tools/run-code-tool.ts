import type { ToolCallOutcome, ToolRunLimits, ToolRuntime } from '@troupe/sdk/plugin'
import type { PluginRegistry } from '../plugins/plugin-registry.js'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'

export const defaultToolLanguage = 'javascript'

/**
 * The runtime of a code tool that names none: the first loaded one (the built-in embedded sandbox,
 * unless `TROUPE_DISABLE_PLUGINS` switches it off); `undefined` when none is loaded.
 */
export function defaultToolRuntime(registry: PluginRegistry): string | undefined {
  return registry.toolRuntimes.keys().next().value
}

/** What a code tool gets when it sets no limits of its own. */
export const defaultToolLimits: Readonly<ToolRunLimits> = Object.freeze({ timeoutMs: 5_000, memoryMb: 64, maxOutputBytes: 1024 * 1024 })

/** The loaded runtime a code tool asks for, with its plugin's id; throws a message fit for the tool's author. */
export function findToolRuntime(registry: PluginRegistry, runtimeId: string | null): { plugin: string; runtime: ToolRuntime } {
  const id = runtimeId ?? defaultToolRuntime(registry)
  const entry = id === undefined ? undefined : registry.toolRuntimes.get(id)
  if (!entry) {
    const loaded = [...registry.toolRuntimes.keys()].join(', ') || 'none'
    throw new ToolCallError(`Tool runtime ${id} is not loaded (loaded: ${loaded})`)
  }
  return entry
}

/** Runs a code tool in its runtime; the runtime enforces time, memory and output limits. */
export async function runCodeTool(
  registry: PluginRegistry,
  tool: StoredTool,
  args: Record<string, unknown>,
  tenantId: string,
  signal: AbortSignal | undefined
): Promise<ToolCallOutcome> {
  const { plugin: pluginId, runtime } = findToolRuntime(registry, tool.runtime)
  const plugin = registry.pluginContext(pluginId)
  if (!(await runtime.available(plugin))) throw new ToolCallError(`Tool runtime ${runtime.id} is not available on this server`)
  const started = performance.now()
  try {
    return await runtime.run(
      {
        code: tool.code ?? '',
        language: tool.language ?? defaultToolLanguage,
        args,
        limits: { ...defaultToolLimits, ...(tool.limits ?? {}) },
        allowedHosts: tool.allowedHosts ?? [],
        tenantId
      },
      { signal, plugin }
    )
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ToolCallError((error as Error).message, [], performance.now() - started)
  }
}
