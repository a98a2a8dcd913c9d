import type { FieldError } from '../logic/field-errors.js'
import type { ServiceTypes } from '../client/service-types.js'
import type { ChatOptions, ChatRequest, ChatResult, EmbedRequest, EmbedResult } from './llm.js'
import type { TenantLogic } from './tenant-logic.js'
import type { ToolClient } from './tool-runtime.js'

/**
 * The params-schema annotation that says a string param names a record by id: its value is the
 * service path (`agents`, `crews`, `tools`, `flows`, `llm-providers`, or a plugin's own service
 * whose records have `id` and `name`). The workspace draws a searchable picker of the tenant's
 * records for it, with a link to open the one chosen. Since plugin API 1.7:
 * `crewId: { type: 'string', format: 'uuid', [referenceAnnotation]: 'crews' }`.
 */
export const referenceAnnotation = 'x-troupe-ref'

export interface PortSpec {
  /** Handle name; edges name it as `sourceHandle`/`targetHandle`. The default port is `main`. */
  name: string
  displayName?: string
}

export interface NodeLogger {
  debug(message: string, data?: Record<string, unknown>): void
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
}

/** An event a node emits while it runs (`token`, `log`, or a plugin's own `<namespace>.<name>`). */
export interface NodeEvent {
  type: string
  data: Record<string, unknown>
}

/** The LLM facility the host gives nodes: the tenant's providers, with failover, usage and cache. */
export interface LlmClient {
  chat(
    request: Omit<ChatRequest, 'model'> & { model?: string; providerId?: string; cache?: boolean },
    options?: ChatOptions
  ): Promise<ChatResult & { providerId: string; costUsd: number; cached: boolean }>
  /**
   * Embeddings through the tenant's providers that can make them (the requested one first, then by
   * priority, with failover like `chat`); usage and cost recorded like a chat's. Since plugin API 1.8.
   */
  embed?(request: Omit<EmbedRequest, 'model'> & { model?: string; providerId?: string }, options?: { signal?: AbortSignal }): Promise<EmbedResult & { providerId: string; costUsd: number }>
}

type Awaited2<T> = T extends Promise<infer R> ? R : never
type Unpaged<T> = T extends { data: Array<infer R> } ? R : T extends Array<infer R> ? R : never
/** The record type of a service of the contract (`agents` → `Agent`); a plain object for any other path. */
export type RecordOf<Path extends string> = Path extends keyof ServiceTypes
  ? ServiceTypes[Path] extends { get(...args: never[]): infer R }
    ? Awaited2<R>
    : ServiceTypes[Path] extends { find(...args: never[]): infer R }
      ? Unpaged<Awaited2<R>>
      : Record<string, unknown>
  : Record<string, unknown>
/** What `create` takes for a service of the contract; a plain object for any other path. */
export type RecordData<Path extends string> = Path extends keyof ServiceTypes
  ? ServiceTypes[Path] extends { create(data: infer D, ...rest: never[]): unknown }
    ? D
    : Record<string, unknown>
  : Record<string, unknown>

/**
 * The tenant's records, read and written on behalf of the execution's principal (its tenant
 * only). Plugins use it for their own services (`agents`, `crews`...) and the core's; records of
 * the contract's services are typed by path (`records.get('agents', id)` is an `Agent`).
 */
export interface RecordsClient {
  get<Path extends string>(path: Path, id: string): Promise<RecordOf<Path>>
  /** Every match, unpaginated (mind the size). */
  find<Path extends string>(path: Path, query?: Record<string, unknown>): Promise<Array<RecordOf<Path>>>
  create<Path extends string>(path: Path, data: RecordData<Path>): Promise<RecordOf<Path>>
}

/** How a sub-flow's run is asked for (`SubflowClient.start`). */
export interface SubflowRequest {
  /** A flow of the tenant. */
  flowId: string
  /** Its input (checked against its trigger's input schema, as any run's); `{}` when absent. */
  input?: unknown
  /**
   * One run per key and node (`"call"` when absent): starting again under a key finds the run
   * started before, so a node run again after a crash starts nothing twice. `flow.map` uses the
   * item's index.
   */
  key?: string
}

/**
 * Runs other flows of the tenant as sub-flows of the node's execution (`trigger: "subflow"`,
 * linked both ways, counted against the tenant's concurrency quota). When a sub-flow's run ends,
 * the node that started it is resumed (if it waits) with `{ subExecution: { executionId, status } }`;
 * read its output with `records.get('executions', id)`. Cancelling the execution cancels its
 * running sub-flows. Since plugin API 1.6.
 */
export interface SubflowClient {
  /**
   * Starts the run, or finds the one started under the same key. Rejects (a 400 error naming
   * `flowId`) when the flow is not the tenant's, its input does not fit, the flow already runs
   * further up the chain (recursion) or the chain would nest deeper than `TROUPE_SUBFLOW_MAX_DEPTH`.
   */
  start(request: SubflowRequest): Promise<{ executionId: string; started: boolean }>
}

/** Everything a node gets to do its work; nothing else is reachable from `execute`. */
export interface NodeExecutionContext<Params = Record<string, unknown>> {
  /** The node's incoming value: its upstream's output, or an object keyed by upstream id. */
  input: unknown
  /** Params as saved in the flow, validated against the node type's schema. */
  params: Params
  /** The execution's own input. */
  executionInput: unknown
  /** Outputs of completed upstream nodes, by node id. */
  nodes: Record<string, { output: unknown }>
  /** Aborted on cancellation or timeout: pass it to every long call. */
  signal: AbortSignal
  logger: NodeLogger
  emit(event: NodeEvent): void
  services: {
    llm: LlmClient
    tools: ToolClient
    records: RecordsClient
    /** Evaluates the tenant's expressions, schemas and patterns with a time and memory budget (since plugin API 1.2). */
    logic: TenantLogic
    /** Runs other flows of the tenant as sub-flows (since plugin API 1.6). */
    subflows: SubflowClient
  }
  tenantId: string
  executionId: string
  nodeId: string
  /**
   * Set when the node runs again because its execution was resumed after it asked to wait: what
   * the resume carried (an approval's decision, a callback's body). Since plugin API 1.4.
   */
  resume?: {
    data: unknown
    /** The wait's `until` came before anyone resumed it (`data` is then `null`). */
    timedOut?: boolean
  }
}

/**
 * What a node waits for when it asks its execution to wait: shown to the tenant's users (events,
 * the execution's node states) and read by whoever resumes it. Keep secrets out of it.
 */
export interface NodeWait {
  /** Why, in a few words (`Waiting for approval`). */
  reason: string
  /** What a resumer needs (a form's schema, a message); JSON. */
  data?: unknown
  /**
   * When to resume by itself (an ISO 8601 date-time), unless resumed before: the node runs again
   * with `context.resume = { data: null, timedOut: true }`, within half a lease
   * (`TROUPE_EXECUTION_LEASE_MS`) of that time, on any instance. Since plugin API 1.4.
   */
  until?: string
}

/** Result of a node: its output and, for branching nodes, which output port carries it. */
export interface NodeOutput {
  output: unknown
  /** Output port taken; the others are skipped. Defaults to every port (`main`). */
  port?: string
  /**
   * The node cannot finish yet: its execution goes `waiting` once every other node that can run
   * has, holds no runner and no lease meanwhile, and survives restarts. Resuming it
   * (`PluginHost.resumeExecution`) runs this node again with `context.resume` set; `output` and
   * `port` of a waiting result are ignored. Since plugin API 1.4.
   */
  wait?: NodeWait
}

/** A node type: a declarative description plus `execute`. Breaking changes add a `version`. */
export interface NodeType<Params = Record<string, unknown>> {
  /** Namespaced type name: `<namespace>.<name>` (`llm.prompt`, `text.uppercase`). */
  type: string
  /**
   * Major version (1 by default). A breaking change is contributed as a new version next to the
   * old one: the host keys node types on type and version, new nodes get the latest, and a saved
   * flow keeps running on the version each node was saved with.
   */
  version?: number
  displayName: string
  description: string
  /** Palette group in the editor (`Triggers`, `AI`, `Logic`, `Data`, ...). */
  category: string
  /** JSON Schema (an object schema) of the params; the editor renders its form from it. */
  params: Record<string, unknown>
  inputs: PortSpec[]
  outputs: PortSpec[]
  /** A trigger starts a flow; a flow has at most one. */
  trigger?: boolean
  /**
   * Running the node again with the same input is harmless: it has no effect outside its output
   * (a transform, a condition, a delay), or repeating its effect changes nothing. After a crash, a
   * node that was running when its runner died is run again only when its type says so or its own
   * `retry` allows another attempt; otherwise it fails as `interrupted`. Not idempotent by default,
   * and such a node has each attempt stored before it starts (since plugin API 1.2).
   */
  idempotent?: boolean
  /**
   * What is wrong with params that match the schema, beyond what a schema can say (a cron
   * expression, a time zone): checked when a flow is saved, each problem named as
   * `nodes.<n>.params.<field>`. Keep it quick and bounded: it runs on the API's thread. Since plugin API 1.5.
   */
  checkParams?(params: Params): FieldError[] | Promise<FieldError[]>
  /**
   * The flows a node of this type runs as sub-flows, with the param that names each (`flowId`):
   * when a flow is saved, each must be a flow of the tenant, and the flows they call in turn must
   * not lead back to the saved flow or nest deeper than `TROUPE_SUBFLOW_MAX_DEPTH` (a 400 naming
   * `nodes.<n>.params.<field>` and the flows). Since plugin API 1.6.
   */
  callsFlows?(params: Params): Array<{ field: string; flowId: string }>
  /**
   * A short explanation of valid params for the editor (a schedule's next fire times), served by
   * `POST /api/v1/node-type-previews`. Quick and bounded, like `checkParams`. Since plugin API 1.5.
   */
  preview?(params: Params): NodePreview | Promise<NodePreview>
  execute(context: NodeExecutionContext<Params>): Promise<NodeOutput>
}

/** What the editor shows under a node's form (`NodeType.preview`). */
export interface NodePreview {
  title: string
  items: string[]
}
