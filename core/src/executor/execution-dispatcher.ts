import { randomBytes } from 'node:crypto'
import { context } from '@opentelemetry/api'
import os from 'node:os'
import type { Application, Principal } from '../declarations.js'
import { extractTraceContext, inProducerSpan } from '../observability/tracing.js'
import { ExecutionPublisher } from './execution-publisher.js'
import { ExecutionLifecycle, parentOf } from './lifecycle/execution-lifecycle.js'
import { errorFlows } from './lifecycle/error-flows.js'
import { subExecutionEnds } from './sub-executions/sub-execution-ends.js'
import { executionMetrics } from './lifecycle/execution-metrics.js'
import { ExecutionRunner, type ExecutionRow } from './execution-runner.js'
import { LeaseKeeper } from './lease-keeper.js'
import type { Claim, ExecutionStore } from './store/execution-store.js'
import { systemPrincipal } from './system-principal.js'
import type { ExecutionJob, ExecutionQueue } from './execution-queue.js'

export type { ExecutionRow } from './execution-runner.js'

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
 * Coordinates where executions run, under a lease: the row names the runner and how long its
 * claim lasts, the lease keeper renews it while the runner works, and any runner may take over an
 * execution whose lease ran out (a crash) and resume it from its persisted node states. Inline
 * mode runs them in this process; queue mode hands them to `troupe worker` processes through
 * BullMQ. A cancellation reaches the runner directly, over pub/sub, or at its next renewal. The
 * rows themselves belong to the `ExecutionStore`; the runs to `ExecutionRunner`; their starts,
 * stored progress and ends go through the `ExecutionLifecycle` (publishing, metrics).
 */
export class ExecutionDispatcher {
  readonly runnerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  private readonly local = new Map<string, LocalRun>()
  private stopping = false
  /** Where every execution's start, stored progress and end go: publishing and metrics by default. */
  readonly lifecycle: ExecutionLifecycle
  private readonly runner: ExecutionRunner
  private readonly leases: LeaseKeeper

  readonly leaseMs: number

  constructor(
    private readonly app: Application,
    private readonly store: ExecutionStore,
    private readonly options: DispatcherOptions
  ) {
    this.leaseMs = options.leaseMs
    this.lifecycle = new ExecutionLifecycle((error, stage) => app.get('logger').warn({ err: error, stage }, 'an execution lifecycle handler failed'))
    this.lifecycle.add(new ExecutionPublisher(app))
    this.lifecycle.add(executionMetrics(app))
    this.lifecycle.add(errorFlows(app))
    this.lifecycle.add(subExecutionEnds(app))
    this.runner = new ExecutionRunner(app, store, this.lifecycle, {
      runnerId: this.runnerId,
      maxTakeovers: options.maxTakeovers,
      nodeOutputMaxBytes: options.nodeOutputMaxBytes,
      stopping: () => this.stopping
    })
    this.leases = new LeaseKeeper(app, store, {
      leaseMs: options.leaseMs,
      local: this.local,
      claim: () => this.claim(),
      takeOver: (execution, tenantId) => this.launch(execution as ExecutionRow, systemPrincipal(tenantId), true),
      wake: async ({ tenantId, executionId, nodeId }) => {
        await this.resume(executionId, nodeId, null, systemPrincipal(tenantId), { timedOut: true })
      }
    })
    const queue = options.queue
    if (queue) app.get('metrics').readQueueDepth = () => queue.waitingCount()
  }

  /** Whether this process runs executions (inline mode, or a worker). */
  get runsExecutions(): boolean {
    return !this.options.queue || this.options.role === 'worker'
  }

  /** The claim a new execution's row starts with: this runner's, when it will run it here. */
  initialClaim(): { runnerId: string | null; leaseUntil: Date | null } {
    return this.options.queue ? { runnerId: null, leaseUntil: null } : this.claim()
  }

  /**
   * Hands a new execution over: run it here (inline) or enqueue it for a worker. A `resumed` one
   * (a waiting execution someone resumed) has no runner yet: inline, this process claims it first.
   */
  async submit(execution: ExecutionRow, principal: Principal, { resumed = false }: { resumed?: boolean } = {}): Promise<void> {
    const queue = this.options.queue
    if (!queue) {
      if (!resumed) return this.launch(execution, principal)
      const [claimed] = await this.store.claim<ExecutionRow>(principal.tenantSchema, this.claim(), { ids: [execution.id] })
      if (claimed && !this.local.has(claimed.id)) this.launch(claimed, principal, true)
      return
    }
    // The worker's `execution` span continues the trace of this one.
    const attributes = { 'troupe.execution.id': execution.id, 'troupe.tenant': principal.tenantId }
    // A resumed execution's first job may still be on record (job ids are unique): its own id.
    const jobId = resumed ? `${execution.id}-resumed-${Date.now()}` : execution.id
    await inProducerSpan('execution.enqueue', attributes, (traceContext) =>
      queue.enqueue({ tenantId: principal.tenantId, executionId: execution.id, ...(Object.keys(traceContext).length ? { traceContext } : {}) }, jobId)
    )
  }

  /**
   * Resumes a waiting execution at `nodeId` with `data` (see `ExecutionStore.noteResume`); `false`
   * when the node does not wait or was resumed already. The caller checked the tenant owns it.
   * Noted or not, a waiting execution with a resumed node is requeued: a resume noted by a process
   * that died before it requeued the execution is not stranded, the next resume or wake-up of it
   * (a sub-flow's end, a timed wait's wake-up) sends it on.
   */
  async resume(executionId: string, nodeId: string, data: unknown, principal: Principal, options: { timedOut?: boolean } = {}): Promise<boolean> {
    const noted = await this.store.noteResume(principal.tenantSchema, executionId, nodeId, data, options)
    await this.requeueIfResumed(executionId, principal)
    return noted
  }

  /** A waiting execution with a resumed node runs again: its status change goes out, a runner gets it. */
  private async requeueIfResumed(executionId: string, principal: Principal): Promise<void> {
    const row = await this.store.requeueIfResumed(principal.tenantId, executionId)
    if (!row) return
    this.lifecycle.stored({ principal, events: [], row })
    // It runs on as its start did, not as whoever resumed it (a queued job does the same).
    const startedBy = row.startedBy as string | null
    const runner = systemPrincipal(principal.tenantId)
    await this.submit(row as unknown as ExecutionRow, startedBy ? { ...runner, userId: startedBy } : runner, { resumed: true })
  }

  /** Whether the execution runs in this process, for this tenant schema. */
  runsHere(executionId: string, tenantSchema: string): boolean {
    return this.local.get(executionId)?.schema === tenantSchema
  }

  private claim(): Claim {
    return { runnerId: this.runnerId, leaseUntil: new Date(Date.now() + this.leaseMs) }
  }

  /** Starts renewing leases and sweeping for executions whose runner died (where executions run). */
  startBackgroundWork(): void {
    if (!this.runsExecutions) return
    this.leases.start()
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
    const [execution] = await this.store.claim<ExecutionRow>(principal.tenantSchema, this.claim(), { ids: [job.executionId] })
    if (!execution || this.local.has(execution.id)) return
    const startedBy = execution.startedBy
    context.with(extractTraceContext(job.traceContext), () => this.launch(execution, startedBy ? { ...principal, userId: startedBy } : principal, execution.status === 'running'))
    await this.local.get(execution.id)?.done
  }

  /** Stops background work; running executions keep their rows and are resumed after their lease. */
  async stop(): Promise<void> {
    this.stopping = true
    this.leases.stop()
    for (const run of this.local.values()) run.controller.abort(new Error('server shutting down'))
    await Promise.allSettled([...this.local.values()].map((run) => run.done))
    await this.options.queue?.close()
  }

  /** Runs a claimed execution here, in the background; `resume` continues what an earlier runner stored. */
  private launch(execution: ExecutionRow, principal: Principal, resume = false) {
    const controller = new AbortController()
    const run: LocalRun = { controller, schema: principal.tenantSchema, done: Promise.resolve() }
    this.local.set(execution.id, run)
    run.done = this.runner
      .run(execution, principal, controller, resume)
      .catch((error: Error) => this.app.get('logger').error({ err: error, executionId: execution.id }, 'execution crashed'))
      .then(async (outcome) => {
        if (this.local.get(execution.id) === run) this.local.delete(execution.id)
        // A resume may have come while the wait was being stored: one of the two requeues it.
        if (outcome !== 'waiting') return
        await this.requeueIfResumed(execution.id, principal).catch((error: Error) =>
          this.app.get('logger').error({ err: error, executionId: execution.id }, 'requeueing a resumed execution failed')
        )
      })
  }

  /** Cancels a queued or running execution wherever it runs. */
  async cancel(executionId: string, principal: Principal): Promise<void> {
    const run = this.local.get(executionId)
    if (run) {
      run.controller.abort(new Error('cancelled'))
      await run.done
      return
    }
    const cancelled = await this.store.cancel(principal.tenantSchema, executionId)
    if (cancelled) {
      this.lifecycle.stored({ principal, events: [], row: cancelled.row })
      // A run no runner holds (waiting, or queued for none yet) ends here; a held one, where it runs.
      if (!cancelled.held) this.lifecycle.finish({ executionId, principal, status: 'cancelled', parent: parentOf(cancelled.row) })
    }
    await this.options.queue?.publishCancel(executionId)
  }

  /** A removed flow takes its versions along: executions still queued for it fail instead of running a cached copy. */
  forgetFlow(flowId: string): void {
    this.runner.forgetFlow(flowId)
  }
}
