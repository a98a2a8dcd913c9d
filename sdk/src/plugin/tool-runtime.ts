export interface ToolRunLimits {
  /** Wall-clock limit in milliseconds. */
  timeoutMs: number
  memoryMb: number
  /** Largest result, serialized, in bytes. */
  maxOutputBytes: number
}

export interface ToolRunRequest {
  /** Source of an ES module whose default export receives the arguments. */
  code: string
  language: string
  args: Record<string, unknown>
  limits: ToolRunLimits
  /** Hosts the tool may reach; empty means no network. */
  allowedHosts?: string[]
  /**
   * The tenant the run is for, so a runtime can share its capacity fairly between tenants (the
   * host always sets it since plugin API 1.2).
   */
  tenantId?: string
}

export interface ToolRunResult {
  result: unknown
  logs: string[]
  durationMs: number
}

/** What a contribution of a plugin is handed: the plugin's `host.settings` and what its `setup` returned. */
export interface PluginContext {
  settings: Record<string, unknown>
  state: unknown
}

/** Where code tools run (an isolate, a container, ...). */
export interface ToolRuntime {
  id: string
  displayName: string
  languages: string[]
  /**
   * Whether this runtime can run here (a Docker socket, a native module...). The host passes the
   * contributing plugin's settings and state (since plugin API 2).
   */
  available(plugin?: PluginContext): Promise<boolean>
  /** Runs one call; `plugin` is the contributing plugin's settings and state (since plugin API 2; absent when called without a host). */
  run(request: ToolRunRequest, options: { signal?: AbortSignal; plugin?: PluginContext }): Promise<ToolRunResult>
}

/** What nodes and agents know of a tool: enough to offer it to a model as a function. */
export interface ToolDescription {
  id: string
  name: string
  description: string
  /** JSON Schema of the arguments. */
  inputSchema: Record<string, unknown>
}

/** A tool's answer to one call. */
export interface ToolCallOutcome {
  result: unknown
  logs: string[]
  durationMs: number
}

/**
 * The tenant's tools, as the host gives them to nodes (`tool.call`, agents). Every call is
 * validated against the tool's input schema before it runs: bad arguments throw an error named
 * `ToolArgumentsError` whose `fields` list `{field, message}`; a failing tool throws an error
 * named `ToolCallError`. Both are meant to be shown to a model as observations.
 */
export interface ToolClient {
  /** A tool by id or name; throws when the tenant has no such tool. */
  describe(idOrName: string): Promise<ToolDescription>
  call(idOrName: string, args: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<ToolCallOutcome>
}
