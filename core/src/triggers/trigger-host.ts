import type { TriggerContext, TriggerHandle, TriggerType } from '@troupe/sdk/plugin'
import type { Application } from '../declarations.js'
import { systemPrincipal } from '../executor/system-principal.js'
import { readFlowTriggers, type FlowTriggerRow } from './flow-trigger-rows.js'
import { TriggerFirings } from './trigger-firings.js'

/** Longest a plugin's `start` or `stop` may take before the host gives up on it (and logs it). */
const lifecycleTimeoutMs = 10_000
const maxKeyLength = 200

interface RunningTrigger {
  /** What the trigger was started with: a save that changes it restarts the trigger. */
  signature: string
  abort: AbortController
  handle?: TriggerHandle
  /** `start` threw or hung: not retried until the node changes. */
  failed: boolean
}

const keyOf = (row: Pick<FlowTriggerRow, 'flowId' | 'nodeId'>) => `${row.flowId}:${row.nodeId}`
const signatureOf = (row: FlowTriggerRow) => `${row.type}@${row.typeVersion}:${JSON.stringify(row.params)}`

function withinTime<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${lifecycleTimeoutMs} ms`)), lifecycleTimeoutMs)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/**
 * Runs the plugins' trigger lifecycles (plugin API 1.5) on an API instance: one `start` per saved
 * trigger node of a plugin's trigger type, across every tenant, kept in step with the saved flows
 * (at once for saves on this instance, every `TROUPE_TRIGGER_SYNC_MS` for the others), `stop`
 * when a node changes or goes and at shutdown. A trigger's failure is its flow's alone: it is
 * logged, the others run on.
 */
export class TriggerHost {
  private readonly running = new Map<string, RunningTrigger>()
  private readonly firings: TriggerFirings
  private timer: NodeJS.Timeout | undefined
  private syncing: Promise<void> | undefined
  private again = false
  private started = false
  private stopped = false

  constructor(
    private readonly app: Application,
    private readonly options: { syncMs: number }
  ) {
    this.firings = new TriggerFirings(app.get('knex'))
  }

  private get triggerTypes() {
    return this.app.get('plugins').triggerTypes
  }

  /** Starts every saved trigger, then follows the changes. Nothing runs when no plugin has a trigger type. */
  async start(): Promise<void> {
    if (this.triggerTypes.size === 0) return
    this.started = true
    this.timer = setInterval(() => void this.sync(), this.options.syncMs)
    this.timer.unref()
    await this.sync()
  }

  /**
   * Brings the running triggers in line with the saved ones; one pass at a time, a request during
   * one runs another after it. Nothing before `start`: a queue worker hears flows' events too
   * (relayed), and runs no triggers.
   */
  sync(): Promise<void> {
    if (!this.started || this.stopped) return Promise.resolve()
    if (this.syncing) {
      this.again = true
      return this.syncing
    }
    this.syncing = this.pass().finally(() => {
      this.syncing = undefined
      if (this.again && !this.stopped) {
        this.again = false
        void this.sync()
      }
    })
    return this.syncing
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    await this.syncing
    await Promise.all([...this.running.keys()].map((key) => this.stopOne(key)))
  }

  /** How many triggers run here (for tests and metrics). */
  get size(): number {
    return [...this.running.values()].filter((entry) => !entry.failed).length
  }

  private async pass(): Promise<void> {
    const logger = this.app.get('logger')
    let rows: FlowTriggerRow[]
    try {
      rows = await readFlowTriggers(this.app.get('knex'), [...this.triggerTypes.keys()])
      await this.firings.prune()
    } catch (error) {
      logger.warn({ err: error }, 'reading the saved flow triggers failed; the running ones keep running')
      return
    }
    const saved = new Map(rows.map((row) => [keyOf(row), row]))
    const changes: Promise<void>[] = []
    for (const [key, entry] of this.running) {
      const row = saved.get(key)
      if (!row || signatureOf(row) !== entry.signature) changes.push(this.stopOne(key))
    }
    await Promise.all(changes)
    await Promise.all(rows.filter((row) => !this.running.has(keyOf(row))).map((row) => this.startOne(row)))
  }

  private async startOne(row: FlowTriggerRow): Promise<void> {
    const entry = this.triggerTypes.get(row.type)
    if (!entry) return
    const running: RunningTrigger = { signature: signatureOf(row), abort: new AbortController(), failed: false }
    this.running.set(keyOf(row), running)
    let lastFiring: { key: string; firedAt: string } | null
    try {
      lastFiring = await this.firings.last(row.flowId, row.nodeId)
    } catch (error) {
      this.running.delete(keyOf(row))
      this.app.get('logger').warn({ err: error, flowId: row.flowId }, 'reading a trigger\'s last firing failed; it starts at the next sync')
      return
    }
    const context = this.contextFor(row, entry.plugin, running.abort.signal, lastFiring)
    const started = Promise.resolve().then(() => (entry.trigger as TriggerType<Record<string, unknown>>).start(context))
    try {
      running.handle = (await withinTime(started, `start of trigger ${row.type}`)) ?? undefined
    } catch (error) {
      running.failed = true
      running.abort.abort()
      // A start that answers after the host gave up on it is stopped at once.
      void started
        .then((late) => late?.stop())
        .catch((lateError: unknown) => this.app.get('logger').warn({ err: lateError, plugin: entry.plugin, flowId: row.flowId }, 'a trigger that started late failed to stop'))
      this.app.get('logger').error({ err: error, plugin: entry.plugin, tenantId: row.tenantId, flowId: row.flowId, nodeId: row.nodeId }, 'a trigger failed to start; it stays off until its flow is saved again')
    }
  }

  private async stopOne(key: string): Promise<void> {
    const running = this.running.get(key)
    if (!running) return
    this.running.delete(key)
    running.abort.abort()
    if (!running.handle) return
    try {
      await withinTime(Promise.resolve().then(() => running.handle!.stop()), 'stop of a trigger')
    } catch (error) {
      this.app.get('logger').warn({ err: error, trigger: key }, 'a trigger failed to stop cleanly')
    }
  }

  private contextFor(row: FlowTriggerRow, plugin: string, signal: AbortSignal, lastFiring: TriggerContext['lastFiring']): TriggerContext<Record<string, unknown>> {
    const logger = this.app.get('logger').child({ plugin, tenantId: row.tenantId, flowId: row.flowId, nodeId: row.nodeId })
    return {
      tenantId: row.tenantId,
      flowId: row.flowId,
      nodeId: row.nodeId,
      params: row.params,
      savedAt: new Date(row.savedAt).toISOString(),
      lastFiring,
      signal,
      plugin: this.app.get('plugins').pluginContext(plugin),
      logger: {
        info: (data, message) => logger.info(data as object, message),
        warn: (data, message) => logger.warn(data as object, message),
        error: (data, message) => logger.error(data as object, message)
      },
      startExecution: (request = {}) => this.startExecution(row, signal, request)
    }
  }

  private async startExecution(row: FlowTriggerRow, signal: AbortSignal, request: { input?: unknown; key?: string }): Promise<{ executionId: string } | undefined> {
    // A trigger that was stopped (its flow changed or went) starts nothing, whatever timers it left behind.
    if (signal.aborted) throw new Error(`The trigger of flow ${row.flowId} was stopped; it cannot start executions`)
    const { key } = request
    if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > maxKeyLength)) {
      throw new TypeError(`startExecution: key must be a string of 1 to ${maxKeyLength} characters`)
    }
    const firing = key === undefined ? undefined : { flowId: row.flowId, nodeId: row.nodeId, key, tenantId: row.tenantId }
    if (firing && !(await this.firings.claim(firing))) return undefined
    try {
      const execution = await this.app
        .service('executions')
        .create({ flowId: row.flowId, input: request.input ?? null }, { principal: systemPrincipal(row.tenantId), trigger: row.type })
      if (firing) await this.firings.recordExecution(firing, execution.id)
      return { executionId: execution.id }
    } catch (error) {
      if (firing) await this.firings.release(firing).catch((releaseError: unknown) => this.app.get('logger').warn({ err: releaseError, flowId: row.flowId, key }, 'giving back a trigger key failed; that key will not fire again for a day'))
      throw error
    }
  }
}
