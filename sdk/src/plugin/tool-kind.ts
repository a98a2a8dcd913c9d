/** One call of a tool of a plugin's kind, as the host prepares it. */
export interface ToolKindCall<Settings = Record<string, unknown>> {
  /** The tool's settings, valid against the kind's `settingsSchema` (checked when the tool was saved). */
  settings: Settings
  /** The call's arguments, valid against the tool's input schema (checked before the call). */
  args: Record<string, unknown>
  /**
   * The tool's secrets, opened for this call only. They are bound to the origin of the kind's
   * `destination(settings)`: a tool whose destination moved since they were saved fails before
   * this call, and `fetch` never sends a header holding one to another origin.
   */
  secrets: Record<string, string>
  /**
   * The only way the tool should reach the network: every address (and redirect hop) is checked
   * against the platform's outbound policy (no loopback, private or metadata addresses unless the
   * operator allows them), credentials stay on the bound origin, and the response is capped at
   * `maxResponseBytes`.
   */
  fetch: typeof fetch
  tenantId: string
  /** Aborted when the caller gives up or the kind's `timeoutMs` has passed. */
  signal: AbortSignal
  /** The contributing plugin's `host.settings` and what its `setup` returned. */
  plugin: { settings: Record<string, unknown>; state: unknown }
}

/**
 * A kind of tool (`http`, `mcp` and `code` are the core's own): the schema of a tool's settings
 * and how a call runs. Tenants create tools of the kind with `{kind, settings, secrets?}`; the
 * host validates settings at save, checks arguments, applies the tenant's tool-run slots and
 * scrubs the tool's secrets from whatever the call returns or throws. Since plugin API 1.5.
 */
export interface ToolKindDefinition<Settings = Record<string, unknown>> {
  /** Namespaced like node types: `<namespace>.<name>` (`weather.forecast`). */
  kind: string
  displayName: string
  description?: string
  /** JSON Schema (an object schema, TypeBox) of a tool's `settings`; the workspace renders its form from it. */
  settingsSchema: Record<string, unknown>
  /**
   * The URL (or origin) a tool's calls go to, judged from its settings alone: its secrets are
   * bound to that origin when saved. `null` (or no function) means the kind cannot hold secrets.
   */
  destination?(settings: Settings): string | null
  /** Wall-clock limit of one call (30 s by default). */
  timeoutMs?: number
  /** Largest response body `fetch` reads, in bytes (1 MiB by default). */
  maxResponseBytes?: number
  /** Runs one call; what it returns (or the message it throws) is scrubbed of the tool's secrets. */
  invoke(call: ToolKindCall<Settings>): Promise<{ result: unknown; logs?: string[] }>
}
