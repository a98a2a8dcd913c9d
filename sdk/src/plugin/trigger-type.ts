/** What a running trigger knows and may do: start executions of its one flow. */
export interface TriggerContext<Params = Record<string, unknown>, PluginSettings = Record<string, unknown>> {
  tenantId: string
  flowId: string
  /** The flow's trigger node this instance serves. */
  nodeId: string
  /** The node's params, valid against its node type's schema (checked when the flow was saved). */
  params: Params
  /** When the node was last saved with these params (ISO 8601): what "missed since" counts from. */
  savedAt: string
  /** The newest keyed firing of this node, kept however old (a schedule finds the ticks it missed). */
  lastFiring: { key: string; firedAt: string } | null
  /**
   * Starts an execution of the flow (as the system, counted against the tenant's concurrency
   * quota: over it, this rejects with a 429 error). With a `key`, at most one execution starts
   * per flow, node and key across every instance of the platform (a schedule's tick, a message
   * id); a key already used answers `undefined`. Keys are kept for a day.
   */
  startExecution(request?: { input?: unknown; key?: string }): Promise<{ executionId: string } | undefined>
  /** Aborted when the trigger is stopped. */
  signal: AbortSignal
  /** The contributing plugin's `host.settings` and what its `setup` returned. */
  plugin: { settings: PluginSettings; state: unknown }
  logger: {
    info(data: object | string, message?: string): void
    warn(data: object | string, message?: string): void
    error(data: object | string, message?: string): void
  }
}

/** What `start` may hand back: how to stop that one trigger. */
export interface TriggerHandle {
  stop(): void | Promise<void>
}

/**
 * A trigger type: the lifecycle behind a trigger node type (one with `trigger: true`). The host
 * calls `start` for every saved flow that has such a node, on every API instance (not on queue
 * workers), when the platform starts and whenever such a flow is saved; and `stop` when the flow
 * changes, is removed, or the platform stops. A trigger that fires on every instance (a timer)
 * passes a `key` to `startExecution` so the flow still runs once. A `start` that throws is
 * logged and not retried until the flow is saved again. Since plugin API 1.5.
 */
export interface TriggerType<Params = Record<string, unknown>, PluginSettings = Record<string, unknown>> {
  /** The node type this lifecycle serves (contributed by a plugin with `trigger: true`). */
  type: string
  start(context: TriggerContext<Params, PluginSettings>): TriggerHandle | void | Promise<TriggerHandle | void>
}
