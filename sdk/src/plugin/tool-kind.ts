import type { PluginContext } from './tool-runtime.js'

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
  /** `text` with the tool's secrets taken out, in every encoding the host knows: for quoting a response before cutting it. Since plugin API 2. */
  redact(text: string): string
  tenantId: string
  /** Aborted when the caller gives up or the kind's `timeoutMs` has passed. */
  signal: AbortSignal
  /** The contributing plugin's `host.settings` and what its `setup` returned. */
  plugin: PluginContext
}

/** What `checkSettings` may ask the host while a tool is saved. Since plugin API 2. */
export interface ToolSettingsChecks {
  /** Why the outbound policy refuses `url` (a private address, a port it does not allow), or `undefined` when it may be called. */
  checkOutboundUrl(url: string): Promise<string | undefined>
}

/** One problem with a tool's settings, at a dotted path inside them (`url`, `headers.Authorization`). */
export interface ToolSettingsProblem {
  field: string
  message: string
}

/**
 * A kind of tool (`code` is the core's own; `http` and `mcp` come from the first-party plugins
 * `tool-http` and `tool-mcp`): the schema of a tool's settings and how a call runs. Tenants create
 * tools of the kind with `{kind, settings, secrets?}` (`http` and `mcp` tools keep the fields of
 * those names, see `toolKindFields`); the host validates settings at save, checks arguments,
 * applies the tenant's tool-run slots and scrubs the tool's secrets from whatever the call
 * returns or throws. Since plugin API 1.5.
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
  /** The settings field `destination` reads (`url`), named when a tool without a fixed origin is refused secrets. Since plugin API 2. */
  destinationField?: string
  /** Wall-clock limit of one call (30 s by default). */
  timeoutMs?: number
  /** Largest response body `fetch` reads, in bytes (1 MiB by default). */
  maxResponseBytes?: number
  /**
   * Limits of one tool's calls from its settings (a per-tool timeout), in place of `timeoutMs` and
   * `maxResponseBytes`. Since plugin API 2.
   */
  limits?(settings: Settings): { timeoutMs?: number; maxResponseBytes?: number }
  /**
   * Where in the settings a `{{ secrets.<name> }}` template may stand, as dotted paths with `*` for
   * any one key (`headers.*`): the host refuses, at save and again before each call, a tool with a
   * secret template anywhere else, one that does not name a single secret, or one naming a secret
   * that is not set. Templates are the kind's to fill (`renderTemplate` of `@troupe/sdk/logic`);
   * a kind without `secretPlaces` gets its secrets only in `call.secrets`. Since plugin API 2.
   */
  secretPlaces?: string[]
  /**
   * Checks beyond the settings' schema, when a tool is saved (the schema has passed): problems at
   * paths inside the settings, answered as a 400 naming the field. Since plugin API 2.
   */
  checkSettings?(settings: Settings, checks: ToolSettingsChecks): ToolSettingsProblem[] | Promise<ToolSettingsProblem[]>
  /** Runs one call; what it returns (or the message it throws) is scrubbed of the tool's secrets. */
  invoke(call: ToolKindCall<Settings>): Promise<{ result: unknown; logs?: string[] }>
}
