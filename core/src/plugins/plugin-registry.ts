import type { ExecutionEntry, LlmProviderKind, LogStoreKind, NodeType, ToolKindDefinition, ToolRuntime, TriggerType, TroupePlugin } from '@troupe/sdk/plugin'
import { checkPlugin } from './check-plugin.js'
import { PluginContractError } from './plugin-contract-error.js'
import { readPluginSettings, settingVariable } from './plugin-settings.js'

/** The loaded plugins and what they contribute, each name owned by exactly one plugin. */
export class PluginRegistry {
  readonly plugins: TroupePlugin[] = []
  /** Each node type at its latest version (the palette; what a new node gets). */
  readonly nodeTypes = new Map<string, { plugin: string; nodeType: NodeType<never> }>()
  /** Every version of every node type, by `type@version`. */
  private readonly nodeTypeVersions = new Map<string, { plugin: string; nodeType: NodeType<never> }>()
  readonly llmProviders = new Map<string, { plugin: string; kind: LlmProviderKind }>()
  readonly toolRuntimes = new Map<string, { plugin: string; runtime: ToolRuntime }>()
  readonly logStores = new Map<string, { plugin: string; kind: LogStoreKind }>()
  /** Trigger lifecycles, by the node type they serve. */
  readonly triggerTypes = new Map<string, { plugin: string; trigger: TriggerType<never, never> }>()
  /** Plugins' tool kinds (the core's `code`, `http` and `mcp` are not in it). */
  readonly toolKinds = new Map<string, { plugin: string; kind: ToolKindDefinition<never> }>()
  /** Plugins' ways to start an execution besides a flow, by their data field (`crewId`). */
  readonly executionEntries = new Map<string, { plugin: string; entry: ExecutionEntry }>()

  /** Checks and adds a plugin; refuses duplicates of ids, node types, provider kinds, runtimes and log stores. */
  add(candidate: unknown, source: string): TroupePlugin {
    const plugin = checkPlugin(candidate, source)
    if (this.plugins.some((loaded) => loaded.id === plugin.id)) {
      throw new PluginContractError(plugin.id, `id is already taken by another loaded plugin (from ${source})`)
    }
    const claim = <T>(map: Map<string, { plugin: string } & T>, key: string, what: string, value: T) => {
      const owner = map.get(key)
      if (owner) throw new PluginContractError(plugin.id, `${what} "${key}" is already contributed by plugin "${owner.plugin}"`)
      map.set(key, { plugin: plugin.id, ...value })
    }
    const { nodeTypes = [], llmProviders = [], toolRuntimes = [], logStores = [], triggerTypes = [], toolKinds = [], executionEntries = [] } = plugin.contributes ?? {}
    for (const nodeType of nodeTypes) {
      const version = nodeType.version ?? 1
      const owner = this.nodeTypeVersions.get(`${nodeType.type}@${version}`)
      if (owner) throw new PluginContractError(plugin.id, `node type "${nodeType.type}"${version > 1 ? ` version ${version}` : ''} is already contributed by plugin "${owner.plugin}"`)
      this.nodeTypeVersions.set(`${nodeType.type}@${version}`, { plugin: plugin.id, nodeType })
      const latest = this.nodeTypes.get(nodeType.type)
      if (!latest || (latest.nodeType.version ?? 1) < version) this.nodeTypes.set(nodeType.type, { plugin: plugin.id, nodeType })
    }
    for (const kind of llmProviders) claim(this.llmProviders, kind.kind, 'LLM provider kind', { kind })
    for (const runtime of toolRuntimes) claim(this.toolRuntimes, runtime.id, 'tool runtime', { runtime })
    for (const kind of logStores) claim(this.logStores, kind.id, 'log store', { kind })
    for (const trigger of triggerTypes) claim(this.triggerTypes, trigger.type, 'trigger type', { trigger })
    for (const kind of toolKinds) claim(this.toolKinds, kind.kind, 'tool kind', { kind })
    for (const entry of executionEntries) claim(this.executionEntries, entry.field, 'execution entry', { entry })
    this.plugins.push(plugin)
    return plugin
  }

  /** Each plugin's settings, read by `readSettings`. */
  readonly settings = new Map<string, Record<string, unknown>>()
  /** What each plugin's `setup` returned. */
  readonly states = new Map<string, unknown>()

  /** The variable each plugin's settings were read from, by property. */
  private readonly settingSources = new Map<string, Record<string, string>>()

  /** Reads every plugin's settings from `env` (`TROUPE_<PLUGIN>_<SETTING>`); the first bad one stops the start. */
  readSettings(env: Record<string, string | undefined>): void {
    for (const plugin of this.plugins) {
      const sources: Record<string, string> = {}
      this.settings.set(plugin.id, readPluginSettings(plugin, env, sources))
      this.settingSources.set(plugin.id, sources)
    }
  }

  /** The variable a plugin's setting was read from (an alias the operator used), else its own name: what errors name. */
  settingSource(pluginId: string, property: string): string {
    return this.settingSources.get(pluginId)?.[property] ?? settingVariable(pluginId, property)
  }

  /** What a contribution of `pluginId` is handed: the plugin's settings and state. */
  pluginContext(pluginId: string): { settings: Record<string, unknown>; state: unknown } {
    return { settings: this.settings.get(pluginId) ?? {}, state: this.states.get(pluginId) }
  }

  /** Every trigger type must serve a loaded node type that is a trigger; checked once all plugins are in. */
  checkTriggerTypes(): void {
    for (const [type, { plugin }] of this.triggerTypes) {
      const nodeType = this.nodeTypes.get(type)?.nodeType
      if (!nodeType) throw new PluginContractError(plugin, `trigger type "${type}" serves no node type any loaded plugin contributes`)
      if (!nodeType.trigger) throw new PluginContractError(plugin, `trigger type "${type}" serves a node type that is not a trigger (trigger: true)`)
    }
  }

  /** `type` at `version` (1 when none is named: a node stored before versions were kept). */
  nodeType(type: string, version = 1): { plugin: string; nodeType: NodeType<never> } | undefined {
    return this.nodeTypeVersions.get(`${type}@${version}`)
  }

  /** The loaded versions of `type`, ascending. */
  versionsOf(type: string): number[] {
    return [...this.nodeTypeVersions.values()]
      .filter((entry) => entry.nodeType.type === type)
      .map((entry) => entry.nodeType.version ?? 1)
      .sort((a, b) => a - b)
  }
}
