import { randomBytes } from 'node:crypto'
import { context } from '@opentelemetry/api'
import os from 'node:os'
import type { Application, Principal } from '../declarations.js'
import { createLlmClient } from '../llm/llm-gateway.js'
import { createToolClient } from '../tools/tool-client.js'
import { createRecordsClient } from './records-client.js'
import { tenantLogicFor } from '../tenant-logic/tenant-logic.js'
import { ExecutionServices } from './node-services.js'
import { CompiledFlowCache } from './compiled-flow-cache.js'
import { compileFlow, type CompiledFlow } from './graph/compile-flow.js'
import { validateFlow } from './graph/validate-flow.js'
import { extractTraceContext, inProducerSpan, inSpan } from '../observability/tracing.js'
import { NodeTimer } from '../observability/node-timer.js'
import type { FlowShape } from './graph/flow-shapes.js'
import { nodeTypeLookup, requireNodeType } from './node-type-lookup.js'
import type { RecordedEvent } from './persistence/execution-recorder.js'
import type { ExecutionStatusPatch } from './persistence/execution-changes.js'
import { GroupCommitWriter } from './persistence/group-commit-writer.js'
import { KnexRecorder } from './persistence/knex-recorder.js'
import { LeaseLostError } from './persistence/lease-lost-error.js'
import { UnstorableProgressError } from './persistence/unstorable-progress.js'
import { claimExecutions, storedNodeStates } from './claim-executions.js'
import { ExecutionFailures } from './execution-failures.js'
import { isQuarantined } from './quarantine.js'
import type { WrittenExecution } from './persistence/write-changes-query.js'
import { runFlow } from './runner/run-flow.js'
import { systemPrincipal } from './system-principal.js'
import type { ExecutionJob, ExecutionQueue } from './execution-queue.js'
import { isTerminal, publicExecution } from './public-execution.js'

/** Another runner took the execution over: it finishes it, so this one stops quietly. */
function ignoreLostLease(error: unknown) {
  if (!(error instanceof LeaseLostError)) throw error
}

/** What the channel publishers and the Socket.IO transport read from an event emitted outside a call. */
function eventContext(path: string, principal: Principal, result: unknown) {
  return { path, params: { principal }, result } as never
}

export interface ExecutionRow {
  id: string
  flowId: string | null
  flowVersion: number | null
  status: string
  input: unknown
  /** A crew run's own graph, instead of a flow version. */
  graph?: FlowShape | null
  startedBy?: string | null
  /** How many times a runner's lease on it ran out and another claim took it over. */
  takeovers?: number
}

interface LocalRun {
  controller: AbortController
  done: Promise<void>
  schema: string
}


export interface DispatcherOptions {
  leaseMs: number
  /** Queue mode: executions go to BullMQ; only workers run them. */
  queue?: ExecutionQueue
  role: 'api' | 'worker'
  /** Executions a worker runs at once. */
  workerConcurrency?: number
  /** Takeovers after which an execution is quarantined instead of resumed (2 by default). */
  maxTakeovers?: number
  /** Largest output a node may produce, as JSON. */
  nodeOutputMaxBytes?: number
}

/**
 * Runs executions under a lease: the row names the runner and how long its claim lasts, the
 * runner renews it while it works, and any runner may take over an execution whose lease ran out
 * (a crash) and resume it from its persisted node states. Inline mode runs them in this process;
 * queue mode hands them to `troupe worker` processes through BullMQ. A cancellation reaches the
 * runner directly, over pub/sub, or at its next renewal.
 */
export class ExecutionDispatcher {
  readonly runnerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  private readonly local = new Map<string, LocalRun>()
  private waiters: Map<string, Set<(row: Record<string, unknown>) => void>> | undefined
  private renewTimer: NodeJS.Timeout | undefined
  private recoverTimer: NodeJS.Timeout | undefined
  private sweeping: Promise<void> | undefined
  private stopping = false
  private writer: GroupCommitWriter | undefined
  private readonly compiledFlows = new CompiledFlowCache()
  private readonly failures: ExecutionFailures
  /** Node run times for `troupe_node_duration_seconds`, measured where the events are produced. */
  private readonly nodeTimer: NodeTimer

  readonly leaseMs: number

  constructor(
    private readonly app: Application,
    private readonly options: DispatcherOptions
  ) {
    this.leaseMs = options.leaseMs
    this.nodeTimer = new NodeTimer(() => app.get('metrics'))
    this.failures = new ExecutionFailures(app, (execution, principal) => this.recorder(execution, principal, new AbortController(), true))
    const queue = options.queue
    if (queue) app.get('metrics').readQueueDepth = () => queue.waitingCount()
  }

  /** Whether this process runs executions (inline mode, or a worker). */
  get runsExecutions(): boolean {
    return !this.options.queue || this.options.role === 'worker'
  }

  /** The claim a new execution's row starts with: this runner's, when it will run it here. */
  initialClaim(): { runnerId: string | null; leaseUntil: Date | null } {
    return this.options.queue ? { runnerId: null, leaseUntil: null } : { runnerId: this.runnerId, leaseUntil: this.leaseUntil() }
  }

  /** Hands a new execution over: run it here (inline) or enqueue it for a worker. */
  async submit(execution: ExecutionRow, principal: Principal): Promise<void> {
    const queue = this.options.queue
    if (!queue) return this.start(execution, principal)
    // The worker's `execution` span continues the trace of this one.
    const attributes = { 'troupe.execution.id': execution.id, 'troupe.tenant': principal.tenantId }
    await inProducerSpan('execution.enqueue', attributes, (traceContext) =>
      queue.enqueue({ tenantId: principal.tenantId, executionId: execution.id, ...(Object.keys(traceContext).length ? { traceContext } : {}) })
    )
  }

  /**
   * Resolves with the execution's final row once it reaches a terminal status (from this process
   * or, in queue mode, relayed from a worker), or `undefined` after `timeoutMs`. One `patched`
   * listener serves every waiter.
   */
  async waitForEnd(executionId: string, principal: Principal, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
    if (!this.waiters) {
      const waiters = new Map<string, Set<(row: Record<string, unknown>) => void>>()
      this.waiters = waiters
      this.app.service('executions').on('patched', (row: Record<string, unknown> & { id: string; status: string }) => {
        if (isTerminal(row.status)) for (const wake of waiters.get(row.id) ?? []) wake(row)
      })
    }
    const waiters = this.waiters
    return new Promise((resolve) => {
      const finish = (row: Record<string, unknown> | undefined) => {
        clearTimeout(timer)
        const set = waiters.get(executionId)
        set?.delete(finish)
        if (set && !set.size) waiters.delete(executionId)
        resolve(row)
      }
      waiters.set(executionId, (waiters.get(executionId) ?? new Set()).add(finish))
      const timer = setTimeout(() => finish(undefined), timeoutMs)
      // A run elsewhere may have ended before this waiter was in place.
      if (!this.local.has(executionId)) {
        void this.table(principal.tenantSchema)
          .where({ id: executionId })
          .first()
          .then((row: Record<string, unknown> & { status: string } | undefined) => {
            if (row && isTerminal(row.status)) finish(publicExecution(row))
          })
      }
    })
  }

  leaseUntil(): Date {
    return new Date(Date.now() + this.leaseMs)
  }

  private claim() {
    return { runnerId: this.runnerId, leaseUntil: this.leaseUntil() }
  }

  /** Starts renewing leases and sweeping for executions whose runner died (where executions run). */
  startBackgroundWork(): void {
    if (!this.runsExecutions) return
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(200, this.leaseMs / 3))
    this.recoverTimer = setInterval(() => void this.recover(), Math.max(500, this.leaseMs / 2))
    void this.recover()
    const queue = this.options.queue
    if (queue) {
      queue.startWorker((job) => this.runJob(job), this.options.workerConcurrency ?? 10)
      void queue.onCancel((executionId) => this.local.get(executionId)?.controller.abort(new Error('cancelled')))
    }
  }

  /** A queued job: run the execution if its lease can be claimed (someone else may already have it). */
  private async runJob(job: ExecutionJob): Promise<void> {
    const principal = systemPrincipal(job.tenantId)
    if (this.local.has(job.executionId)) return
    const [execution] = await claimExecutions<ExecutionRow>(this.app.get('knex'), principal.tenantSchema, this.claim(), { ids: [job.executionId] })
    if (!execution || this.local.has(execution.id)) return
    const startedBy = execution.startedBy
    context.with(extractTraceContext(job.traceContext), () => this.launch(execution, startedBy ? { ...principal, userId: startedBy } : principal, execution.status === 'running'))
    await this.local.get(execution.id)?.done
  }

  /** Stops background work; running executions keep their rows and are resumed after their lease. */
  async stop(): Promise<void> {
    this.stopping = true
    clearInterval(this.renewTimer)
    clearInterval(this.recoverTimer)
    for (const run of this.local.values()) run.controller.abort(new Error('server shutting down'))
    await Promise.allSettled([...this.local.values()].map((run) => run.done))
    await this.options.queue?.close()
  }

  isLocal(executionId: string): boolean {
    return this.local.has(executionId)
  }

  /** Runs a claimed execution in the background. */
  start(execution: ExecutionRow, principal: Principal): void {
    this.launch(execution, principal)
  }

  /** Runs a claimed execution here; `resume` continues what an earlier runner stored. */
  private launch(execution: ExecutionRow, principal: Principal, resume = false) {
    const controller = new AbortController()
    const run: LocalRun = { controller, schema: principal.tenantSchema, done: Promise.resolve() }
    this.local.set(execution.id, run)
    run.done = this.run(execution, principal, controller, resume)
      .catch((error: Error) => this.app.get('logger').error({ err: error, executionId: execution.id }, 'execution crashed'))
      .finally(() => this.local.delete(execution.id))
  }

  /** Cancels a queued or running execution wherever it runs. */
  async cancel(executionId: string, principal: Principal): Promise<void> {
    const run = this.local.get(executionId)
    if (run) {
      run.controller.abort(new Error('cancelled'))
      await run.done
      return
    }
    const [row] = await this.table(principal.tenantSchema)
      .where({ id: executionId })
      .whereIn('status', ['queued', 'running'])
      .update({ status: 'cancelled', error: 'Cancelled', finishedAt: new Date(), updatedAt: new Date() })
      .returning('*')
    if (row) this.emitPatched(row, principal)
    await this.options.queue?.publishCancel(executionId)
  }

  private table(schema: string) {
    return this.app.get('knex')('executions').withSchema(schema)
  }


  /**
   * Runs one execution to its end. Its start (status `running`), node states, events and final
   * status all go through the recorder, which writes them together with other executions'
   * (`GroupCommitWriter`), fenced by this runner's lease: a fast execution costs one or two
   * statements, shared. A lost lease or a write that fails stops the run.
   */
  private async run(execution: ExecutionRow, principal: Principal, controller: AbortController, resume: boolean) {
    const schema = principal.tenantSchema
    const signal = controller.signal
    // Read once the run is local, so the lease is renewed meanwhile.
    const resumed = resume ? await storedNodeStates(this.app.get('knex'), schema, execution.id) : undefined
    const recorder = await this.recorder(execution, principal, controller, Boolean(resumed))
    if (resumed) {
      // The previous runner may have stored the final event and died before the final status.
      const completed = await this.app.get('logStore').executionEvents.completion(principal.tenantId, execution.id)
      if (completed) {
        const data = completed.data as { status: ExecutionStatusPatch['status']; output?: unknown; error?: string }
        recorder.status({ status: data.status, output: data.output, error: data.error ?? null })
        await recorder.flush().catch(ignoreLostLease)
        return
      }
    }
    const takeovers = execution.takeovers ?? 0
    if (isQuarantined(takeovers, this.options.maxTakeovers ?? 2)) return this.failures.quarantine(execution, principal, recorder, resumed)
    recorder.status({ status: 'running' })
    recorder.event(resumed ? 'execution.resumed' : 'execution.started', null, { flowId: execution.flowId, flowVersion: execution.flowVersion })

    let result: { status: 'succeeded' | 'failed' | 'cancelled'; output: unknown; error?: string }
    try {
      const graph = await this.compiledFlow(schema, execution)
      // One trace per execution: its nodes, LLM and tool calls are spans under it.
      const spanAttributes = { 'troupe.execution.id': execution.id, 'troupe.tenant': principal.tenantId, 'troupe.flow.id': execution.flowId ?? '', 'troupe.resumed': Boolean(resumed) }
      result = await inSpan('execution', spanAttributes, () => runFlow({
        executionId: execution.id,
        tenantId: principal.tenantId,
        graph,
        nodeType: (type) => requireNodeType(this.app, type),
        input: execution.input,
        signal,
        recorder,
        resumed,
        maxOutputBytes: this.options.nodeOutputMaxBytes,
        storeStartsFirst: takeovers > 0,
        services: new ExecutionServices({
          llm: (nodeId) =>
            createLlmClient(this.app, {
              principal,
              executionId: execution.id,
              nodeId,
              emit: (event) => recorder.event(event.type, nodeId, event.data)
            }),
          tools: () => createToolClient(this.app, principal),
          records: () => createRecordsClient(this.app, principal),
          logic: () => tenantLogicFor(this.app.get('logicPool'), principal.tenantId)
        })
      }))
    } catch (error) {
      result = { status: 'failed', output: null, error: (error as Error).message }
    }
    if (signal.reason instanceof UnstorableProgressError) return this.failures.unstorable(execution, principal, signal.reason)
    if (signal.reason instanceof LeaseLostError || (this.stopping && result.status === 'cancelled')) {
      // Another runner holds it now, or our own shutdown interrupted it: the next runner finishes it.
      await recorder.flush().catch(() => undefined)
      return
    }
    recorder.event('execution.completed', null, { status: result.status, output: result.output, ...(result.error ? { error: result.error } : {}) })
    recorder.status({ status: result.status, output: result.output, error: result.error ?? null })
    const stored = await recorder.flush().then(() => undefined, (error: unknown) => error)
    if (stored instanceof UnstorableProgressError) return this.failures.unstorable(execution, principal, stored)
    if (stored) ignoreLostLease(stored)
    this.app.get('metrics').executions.inc({ status: result.status })
  }

  /** The execution's recorder; a resumed one continues the event log after what is stored. */
  private async recorder(execution: Pick<ExecutionRow, 'id'>, principal: Principal, controller: AbortController, resumed: boolean): Promise<KnexRecorder> {
    const eventLog = this.app.get('logStore').executionEvents
    this.writer ??= new GroupCommitWriter(this.app.get('statements'), this.runnerId, eventLog)
    return new KnexRecorder({
      writer: this.writer,
      tenant: principal,
      executionId: execution.id,
      lastSeq: resumed ? await eventLog.lastSeq(principal.tenantId, execution.id) : 0,
      maxExecutionBytes: this.app.get('config').executionMaxStoredBytes,
      onStored: (events, written) => this.stored(events, written, principal, controller),
      onFailure: (error) => controller.abort(error)
    })
  }

  /** The execution's flow version, validated and compiled once per process (`forgetFlow` drops it). */
  private async compiledFlow(schema: string, execution: ExecutionRow): Promise<CompiledFlow> {
    if (execution.graph) {
      validateFlow(execution.graph, nodeTypeLookup(this.app))
      return compileFlow(execution.graph, nodeTypeLookup(this.app))
    }
    if (!execution.flowId || execution.flowVersion === null) throw new Error('The execution names neither a flow nor a graph')
    const compiled = await this.compiledFlows.get(schema, execution.flowId, execution.flowVersion, async () => {
      const version = await this.app
        .get('knex')('flowVersions')
        .withSchema(schema)
        .where({ flowId: execution.flowId, version: execution.flowVersion })
        .first()
      if (!version) return undefined
      const flow = { nodes: version.nodes, edges: version.edges }
      validateFlow(flow, nodeTypeLookup(this.app))
      return compileFlow(flow, nodeTypeLookup(this.app))
    })
    if (!compiled) throw new Error(`flow version ${execution.flowVersion} no longer exists`)
    return compiled
  }

  /** A removed flow takes its versions along: executions still queued for it fail instead of running a cached copy. */
  forgetFlow(flowId: string): void {
    this.compiledFlows.forgetFlow(flowId)
  }

  /**
   * A batch of an execution is stored: its events reach the channels, then its status change if it
   * had one. A cancellation stored by someone else meanwhile stops the run.
   */
  private stored(events: RecordedEvent[], written: WrittenExecution, principal: Principal, controller: AbortController) {
    try {
      this.publish(events, principal)
      if (written.row) this.emitPatched(written.row, principal)
    } catch (error) {
      this.app.get('logger').warn({ err: error }, 'publishing stored execution events failed')
    }
    if (written.status === 'cancelled' && !controller.signal.aborted) controller.abort(new Error('cancelled'))
  }

  /** Status changes made here, outside a service call, reach channels like a `patch` would. */
  private emitPatched(row: Record<string, unknown>, principal: Principal) {
    const visible = publicExecution(row)
    this.app.service('executions').emit('patched', visible, eventContext('executions', principal, visible))
  }

  private publish(events: RecordedEvent[], principal: Principal) {
    const service = this.app.service('execution-events')
    this.nodeTimer.observe(events)
    for (const event of events) {
      service.emit('created', event, eventContext('execution-events', principal, event))
    }
  }

  /** One statement per tenant schema renews every local lease; a lost lease stops that run. */
  private async renewLeases() {
    const bySchema = new Map<string, string[]>()
    for (const [id, run] of this.local) bySchema.set(run.schema, [...(bySchema.get(run.schema) ?? []), id])
    for (const [schema, ids] of bySchema) {
      const rows = (await this.table(schema)
        .whereIn('id', ids)
        .where({ runnerId: this.runnerId })
        .update({ leaseUntil: this.leaseUntil() })
        .returning(['id', 'status'])
        .catch(() => undefined)) as Array<{ id: string; status: string }> | undefined
      if (!rows) continue
      const renewed = new Map(rows.map((row) => [row.id, row.status]))
      for (const id of ids) {
        const status = renewed.get(id)
        if (status === undefined) this.local.get(id)?.controller.abort(new LeaseLostError(id))
        else if (status === 'cancelled') this.local.get(id)?.controller.abort(new Error('cancelled'))
      }
    }
  }

  /** Takes over executions whose lease ran out and resumes them; one sweep at a time. */
  recover(): Promise<void> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined))
    return this.sweeping
  }

  private async sweep() {
    if (this.stopping) return
    const knex = this.app.get('knex')
    const tenants = (await knex('tenants').withSchema('public').select('id')) as Array<{ id: string }>
    for (const { id: tenantId } of tenants) {
      const principal = systemPrincipal(tenantId)
      const claimed = await claimExecutions<ExecutionRow>(knex, principal.tenantSchema, this.claim(), { except: [...this.local.keys()] }).catch(() => [])
      for (const execution of claimed) {
        if (this.local.has(execution.id)) continue
        this.app.get('logger').info({ executionId: execution.id, tenantId, takeovers: execution.takeovers }, 'taking over an execution whose runner stopped')
        this.launch(execution, principal, true)
      }
    }
  }
}
