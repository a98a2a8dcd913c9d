import type { Application } from '@feathersjs/feathers'
import type { ServiceTypes } from '../client/service-types.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LlmProviderKind } from './llm.js'
import type { LogStoreKind, TenantLogOptions, TenantLogService } from './log-store.js'
import type { NodeType } from './node-type.js'
import type { ToolRuntime } from './tool-runtime.js'
import type { ToolKindDefinition } from './tool-kind.js'
import type { TriggerType } from './trigger-type.js'
import type { ExecutionEntry } from './execution-entry.js'
import type { PermissionRules } from './permissions.js'
import type { ExecutionLifecycleEvents, ExecutionWatch, WatchingPrincipal, WatchOptions } from './execution-watch.js'
import type { TenantLogic } from './tenant-logic.js'
import type { McpExposure } from './mcp-exposure.js'

/**
 * The plugin API this SDK describes; a plugin states the range it targets in `apiVersion`.
 * 1.1: `tenantLog` on the host and `contributes.logStores`.
 * 1.2: `services.logic` for nodes and `logic` for LLM providers (tenant logic evaluated with a
 * budget), `tenantId` on tool runs, `FairSlots`.
 * 1.3: `watchExecution` on the host; `request` for `authenticateBearer` (failed tokens count
 * against the client's address).
 * 1.4: the `waiting` status: a node may answer `{ wait }`, `resumeExecution` on the host runs it
 * again with `context.resume`; `dependsOn` (the host refuses to start without those plugins);
 * `corsHeaders` for `addHttpRoute`; `ExecutionWatch.waiting`.
 * 1.5: `contributes.triggerTypes` (a start/stop lifecycle per flow) and `contributes.toolKinds`;
 * `settings` (a schema of the plugin's configuration, read from `TROUPE_<PLUGIN>_<NAME>` variables
 * and checked at start) with `host.settings`; what `setup` returns is handed to `teardown`;
 * `NodeType.checkParams` and `NodeType.preview`; `host.tenantLogic`, `host.outboundFetch` and
 * `host.addExecutionLifecycle`; the trigger context's `savedAt` and `lastFiring`.
 * 1.6: sub-flows: `services.subflows` for nodes (runs linked to their parent, resumed at their
 * end, cancelled with it) and `NodeType.callsFlows` (checked at save: the flows exist, no loop,
 * not too deep).
 * 1.7: provider kinds bring the operator's endpoint and key (`LlmProviderKind.operatorEndpoint`)
 * and the providers a new tenant starts with (`LlmProviderKind.seedProviders`); a setting may be
 * read from a documented variable outside `TROUPE_*` (`x-troupe-env-aliases`); a log store is
 * selected by a setting of its plugin (`LogStoreKind.selectedBy`); `contributes.executionEntries`
 * (`{crewId, input}` is the crew plugin's).
 * 1.8: LLM providers: structured output (`ChatRequest.responseFormat`, `LlmProviderKind.structuredOutput`),
 * embeddings (`LlmProvider.embed`, `LlmProviderKind.defaultEmbeddingModel`, `LlmClient.embed`),
 * cached prompt tokens and their price (`TokenUsage.cachedPromptTokens`, `ModelPrice.cachedInputPerMTok`),
 * and failure reasons the failover chain acts on (`LlmProviderError.reason`, `retryAfterMs`,
 * `LlmProviderError.of`, `failureOfStatus`, `retryAfterMs()`).
 * 1.9: `vendorData` on `ChatResult`, `ChatMessage` and `ToolCall`: what a vendor needs back
 * unchanged when the conversation returns (Anthropic's thinking, Gemini's thought signatures).
 * 2.0 (a major: the host refuses plugins that target 1.x): personal data is declared with the
 * contributions (`contributes.personalData`, whose handlers get the plugin's settings and state)
 * instead of registered with `host.addPersonalData`, which is gone; records MCP clients may call
 * are declared as `contributes.mcpExposures`; `host.contributions(kind)` lists every loaded
 * plugin's contributions of a kind; tool runtimes get their plugin's settings and state. Tool
 * kinds may name where secret templates stand (`secretPlaces`, `destinationField`), take per-tool
 * `limits` and `checkSettings`, and redact with `call.redact`; the kinds `http` and `mcp` move into
 * the plugins `tool-http` and `tool-mcp` (the API keeps their fields); the host adds
 * `createOutboundFetch`, `checkOutboundUrl` and `redactSecrets`. Everything else of 1.9 stands.
 */
export const pluginApiVersion = '2.0.0'

/** A migration a plugin adds to every tenant schema. */
export interface TenantMigration {
  /** Unique across plugins: prefix it with the plugin id. */
  name: string
  up(knex: unknown, schema: string): Promise<void>
  down?(knex: unknown, schema: string): Promise<void>
}

/** Who called, as a plugin's own HTTP route learns it from a bearer token. */
export interface AuthenticatedCaller {
  principal: { userId: string; tenantId: string; role: 'admin' | 'member' | 'viewer' }
  /**
   * Params for service calls on the caller's behalf: they count as external calls (`provider`),
   * so authentication (fresh on every call), CASL and validation apply exactly as over REST.
   */
  params: { provider: string; authentication: Record<string, unknown> }
}

/** Service params of a call: `principal` picks the tenant; `provider` marks it as a client's call. */
export type ServiceParams = Record<string, unknown>

/**
 * A Feathers service over one table in every tenant's schema: each query is qualified with the
 * calling principal's schema (a call without one fails), jsonb columns are serialized. Register
 * it with `registerService`; `_`-methods skip hooks, `db(params)` is a knex builder on the table.
 */
export interface TenantTableService<T = Record<string, unknown>> {
  find(params?: ServiceParams): Promise<unknown>
  get(id: string, params?: ServiceParams): Promise<T>
  create(data: Partial<T>, params?: ServiceParams): Promise<T>
  patch(id: string | null, data: Partial<T>, params?: ServiceParams): Promise<T>
  remove(id: string | null, params?: ServiceParams): Promise<T>
  _find(params?: ServiceParams): Promise<unknown>
  _get(id: string, params?: ServiceParams): Promise<T>
  _create(data: Partial<T>, params?: ServiceParams): Promise<T>
  _patch(id: string | null, data: Partial<T>, params?: ServiceParams): Promise<T>
  _remove(id: string | null, params?: ServiceParams): Promise<T>
  // The knex query builder of the table, qualified with the principal's schema.
  db(params?: ServiceParams): any // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Personal data a plugin keeps (chat messages, ...), for GDPR export and erasure. `params` are
 * the admin's or user's own (external) params: use them for service calls so external resolvers
 * keep secrets out, or `{principal: params.principal}` for internal, tenant-scoped calls.
 * Without `userId`, the whole tenant is meant.
 */
export interface PersonalDataHandler {
  /** Section name in the export bundle (`chat`). */
  name: string
  export(request: { params: ServiceParams; userId?: string }): Promise<unknown>
  /** Removes or pseudonymises everything about `userId`. */
  erase(request: { params: ServiceParams; userId: string }): Promise<void>
}

/**
 * Personal data a plugin keeps, declared with its contributions (plugin API 2, in place of 1.x's
 * `host.addPersonalData`): the handlers get the plugin's settings and what its `setup` returned.
 */
export interface PersonalDataDeclaration<State = unknown> {
  /** Section name in the export bundle (`chat`). */
  name: string
  export(request: { params: ServiceParams; userId?: string }, plugin: { settings: Record<string, unknown>; state: State }): Promise<unknown>
  /** Removes or pseudonymises everything about `userId`. */
  erase(request: { params: ServiceParams; userId: string }, plugin: { settings: Record<string, unknown>; state: State }): Promise<void>
}

/** What `setup` may do with the host: everything goes through the same doors the core uses. */
export interface PluginHost<Settings = Record<string, unknown>> {
  /**
   * The plugin's settings, read from the environment and valid against its `settings` schema
   * (defaults filled in); `{}` for a plugin without one. Since plugin API 1.5.
   */
  settings: Settings
  /**
   * The Feathers application (services, channels, events), typed from the SDK's service table
   * (`ServiceTypes`: `app.service('executions').get(id, params)` is an `Execution`; since plugin API
   * 1.7). Its service calls are internal: no authentication, no CASL; pass the caller's
   * `principal` in params, or prefer `services.records` in nodes, which is checked.
   */
  app: Application<ServiceTypes>
  /** Mounts a service with the shared authentication, validation and CASL hooks. */
  registerService(
    descriptor: {
      path: string
      methods: string[]
      publicMethods?: string[]
      permissions?: PermissionRules
      /**
       * `data`, `patch` and `query` are checked on external calls. `result`, one record as the
       * service answers it (and lists in `find`'s page), is only described: the API description
       * (`/api/v1/openapi.json`) shows it, so clients generated from it read the plugin's answers
       * typed; a host that predates it ignores it.
       */
      schemas?: { data?: object; patch?: object; query?: object; result?: object }
      events?: string[]
    },
    service: object,
    hooks?: Record<string, unknown>
  ): void
  addTenantMigrations(migrations: TenantMigration[]): void
  /** A service over a table of the plugin's tenant migrations (`jsonColumns` by their camelCase names). */
  tenantTable<T = Record<string, unknown>>(options: { name: string; jsonColumns?: string[]; paginate?: { default: number; max: number } }): TenantTableService<T>
  /**
   * A service over a log of the plugin's (chat messages): a table of its tenant migrations by
   * default, a collection per tenant when the configured log store is another (MongoDB). Use only
   * the service methods, never SQL, so it works with every store. Since plugin API 1.1.
   */
  tenantLog<T = Record<string, unknown>>(options: TenantLogOptions<T>): TenantLogService<T>
  /**
   * Serves `path` (outside `/api/v1`, for example `/mcp`) with a plain Node handler. The body is
   * not read for it. Errors it throws become a 500 that reveals nothing.
   */
  addHttpRoute(
    path: string,
    handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    /** Headers the route reads (`allow`) and sends (`expose`), allowed for cross-origin callers (since plugin API 1.4). */
    options?: { corsHeaders?: { allow?: string[]; expose?: string[] } }
  ): void
  /**
   * Checks `Authorization: Bearer <API key or access token>`; `undefined` when it is missing or
   * not valid (expired, revoked, unknown). `provider` names the transport in service params. With
   * the `request`, a missing or failed token counts against the client's address like an
   * anonymous call over REST, and rejects with a 429 (`TooManyRequests`, `data.retryAfter`) once
   * the address has used up its budget.
   */
  authenticateBearer(authorization: string | undefined, provider: string, request?: IncomingMessage): Promise<AuthenticatedCaller | undefined>
  /**
   * Watches an execution `principal` may read until it ends: its events and its final row (see
   * `ExecutionWatch`). Rejects with `NotFound` for an execution of another tenant or none. Since
   * plugin API 1.3.
   */
  watchExecution(executionId: string, principal: WatchingPrincipal, options?: WatchOptions): Promise<ExecutionWatch>
  /**
   * Resumes an execution at a node that waits (`NodeOutput.wait`): the node runs again, on any
   * runner, with `context.resume = { data }`. Checking who may resume (role, form) is the caller's
   * part; the host checks that `principal`'s tenant owns the execution and that the node waits
   * and was not resumed yet. Rejects with `NotFound` (no such execution in the tenant) or
   * `Conflict` (the node does not wait, or was resumed already). Since plugin API 1.4.
   */
  resumeExecution(request: { executionId: string; nodeId: string; data?: unknown; principal: WatchingPrincipal }): Promise<void>
  /**
   * The tenant's logic (JSONata, JSON Schemas, regular expressions it wrote), evaluated by the
   * host's logic workers with a budget, for a plugin's services (nodes get it as
   * `services.logic`). Since plugin API 1.5.
   */
  tenantLogic(tenantId: string): TenantLogic
  /**
   * A `fetch` for calls to addresses tenants chose (a notification URL): every address and
   * redirect hop checked against the platform's outbound policy, the response capped at 1 MiB.
   * Since plugin API 1.5.
   */
  outboundFetch: typeof fetch
  /**
   * A `fetch` like `outboundFetch` for calls that carry credentials: headers named in
   * `secretHeaders` (and any header holding one of `secrets`, in any encoding) go only to
   * `credentialOrigin` (the first URL's origin by default), never to a redirect elsewhere; the
   * response is capped at `maxResponseBytes` (1 MiB by default). Since plugin API 2.
   */
  createOutboundFetch(options: { credentialOrigin?: string; secretHeaders?: string[]; secrets?: string[]; maxResponseBytes?: number }): typeof fetch
  /** Why the outbound policy refuses `url`, or `undefined` when it may be called (DNS resolved). Since plugin API 2. */
  checkOutboundUrl(url: string): Promise<string | undefined>
  /** `text` with each of `secrets` replaced, in every encoding the host knows (base64, URL, JSON). Since plugin API 2. */
  redactSecrets(text: string, secrets: readonly string[]): string
  /** Every loaded plugin's contributions of one kind, in load order (`mcpExposures` for an MCP server). Since plugin API 2. */
  contributions<K extends keyof PluginContributions>(kind: K): ContributionOf<K>[]
  /** Follows executions' starts, waits and ends where they run (see `ExecutionLifecycleEvents`). Since plugin API 1.5. */
  addExecutionLifecycle(handler: ExecutionLifecycleEvents): void
  logger: {
    debug(data: object | string, message?: string): void
    info(data: object | string, message?: string): void
    warn(data: object | string, message?: string): void
    error(data: object | string, message?: string): void
  }
}

export interface PluginContributions<State = unknown> {
  nodeTypes?: NodeType<never>[]
  llmProviders?: LlmProviderKind[]
  toolRuntimes?: ToolRuntime[]
  /** Stores for the tenants' logs, opened when the configuration selects them (since plugin API 1.1). */
  logStores?: LogStoreKind[]
  /** Lifecycles of trigger node types: started per saved flow (since plugin API 1.5). */
  triggerTypes?: TriggerType<never, never>[]
  /** Kinds of tools tenants can create, beside the core's `code` (since plugin API 1.5). */
  toolKinds?: ToolKindDefinition<never>[]
  /** Other ways to start an execution: `{<field>: id, input}` runs a graph built from a plugin's record (since plugin API 1.7). */
  executionEntries?: ExecutionEntry[]
  /** The plugin's personal data, in GDPR exports and erasures (plugin API 2). */
  personalData?: PersonalDataDeclaration<State>[]
  /** Records MCP clients may call as tools, run through an execution entry (plugin API 2). */
  mcpExposures?: McpExposure<never>[]
}

/** One contribution of a loaded plugin, as `host.contributions` lists them. */
export interface ContributionOf<K extends keyof PluginContributions> {
  plugin: string
  contribution: NonNullable<PluginContributions[K]>[number]
}

export interface PluginDefinition<Settings = Record<string, unknown>, State = unknown> {
  /** Lower-case letters, digits and dashes (`llm-openai`). */
  id: string
  /** The plugin's own semver version. */
  version: string
  /** The semver range of the plugin API it targets (`^2.0.0`). */
  apiVersion: string
  description?: string
  /**
   * Ids of plugins this one cannot work without; the host refuses to start when one is not loaded
   * (for example switched off with `TROUPE_DISABLE_PLUGINS`), naming both. Since plugin API 1.4.
   */
  dependsOn?: string[]
  contributes?: PluginContributions<State>
  /**
   * JSON Schema (an object schema, TypeBox) of the plugin's configuration. Each property is read
   * from the variable `TROUPE_<PLUGIN ID>_<PROPERTY>` in upper snake case (plugin `llm-acme`,
   * property `requestTimeoutMs`: `TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS`); numbers, booleans
   * (`true`/`false`) and comma-separated string lists are converted, objects are JSON. The start
   * stops with a message naming the variable when a value does not fit. Since plugin API 1.5.
   */
  settings?: Record<string, unknown>
  /**
   * Runs once at start, after every plugin's contributions are registered. What it returns is the
   * plugin's own state (clients, pools), handed to `teardown`: no module-level singletons needed.
   */
  setup?(host: PluginHost<Settings>): State | Promise<State>
  /** Runs at shutdown, in reverse order of setup, with what `setup` returned. */
  teardown?(state: State): void | Promise<void>
}

const brand = Symbol.for('troupe.plugin')

export type TroupePlugin = Readonly<PluginDefinition<Record<string, unknown>, unknown>> & { readonly [brand]: true }

/**
 * Declares a plugin; the default export of a plugin package is its result. `Settings` types
 * `host.settings` (give it `Static<typeof yourSettingsSchema>`), `State` what `setup` hands to `teardown`.
 */
export function definePlugin<Settings = Record<string, unknown>, State = unknown>(definition: PluginDefinition<Settings, State>): TroupePlugin {
  return Object.freeze({ ...definition, [brand]: true as const }) as unknown as TroupePlugin
}

/** Whether `value` came from `definePlugin` (the host refuses anything else). */
export function isPlugin(value: unknown): value is TroupePlugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
}
