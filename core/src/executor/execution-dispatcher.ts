import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { EventEmitter } from 'node:events'
import type { Application, Principal } from '../declarations.js'
import { createLlmClient } from '../llm/llm-gateway.js'
import { compileFlow } from './graph/compile-flow.js'
import { validateFlow } from './graph/validate-flow.js'
import { nodeTypeLookup, requireNodeType } from './node-type-lookup.js'
import type { RecordedEvent } from './persistence/execution-recorder.js'
import { KnexRecorder } from './persistence/knex-recorder.js'
import { runFlow, type ResumedNode } from './runner/run-flow.js'
import { systemPrincipal } from './system-principal.js'

/** What the channel publishers and the Socket.IO transport read from an event emitted outside a call. */
function eventContext(path: string, principal: Principal, result: unknown) {
  return { path, params: { principal }, result } as never
}

export interface ExecutionRow {
  id: string
  flowId: string
  flowVersion: number
  status: string
  input: unknown
}

interface LocalRun {
  controller: AbortController
  done: Promise<void>
  schema: string
}

/**
 * Runs executions in this process (inline mode) under a lease: the row names the runner and how
 * long its claim lasts, the runner renews it while it works, and any instance may take over an
 * execution whose lease ran out (a crash) and resume it from its persisted node states. A
 * cancellation made elsewhere is noticed at the next renewal.
 */
export class ExecutionDispatcher {
  readonly runnerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  /** Stored events, per execution id, for live streams (SSE) in this process. */
  readonly events = new EventEmitter().setMaxListeners(0)
  private readonly local = new Map<string, LocalRun>()
  private renewTimer: NodeJS.Timeout | undefined
  private recoverTimer: NodeJS.Timeout | undefined
  private stopping = false

  constructor(
    private readonly app: Application,
    readonly leaseMs: number
  ) {}

  leaseUntil(): Date {
    return new Date(Date.now() + this.leaseMs)
  }

  /** Starts renewing leases and sweeping for executions whose runner died. */
  startBackgroundWork(): void {
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(200, this.leaseMs / 3))
    this.recoverTimer = setInterval(() => void this.recover(), Math.max(500, this.leaseMs / 2))
    void this.recover()
  }

  /** Stops background work; running executions keep their rows and are resumed after their lease. */
  async stop(): Promise<void> {
    this.stopping = true
    clearInterval(this.renewTimer)
    clearInterval(this.recoverTimer)
    for (const run of this.local.values()) run.controller.abort(new Error('server shutting down'))
    await Promise.allSettled([...this.local.values()].map((run) => run.done))
  }

  isLocal(executionId: string): boolean {
    return this.local.has(executionId)
  }

  /** Runs a claimed execution in the background. */
  start(execution: ExecutionRow, principal: Principal): void {
    const controller = new AbortController()
    const run: LocalRun = { controller, schema: principal.tenantSchema, done: Promise.resolve() }
    this.local.set(execution.id, run)
    run.done = this.run(execution, principal, controller.signal)
      .catch((error: Error) => this.app.get('logger').error({ err: error, executionId: execution.id }, 'execution crashed'))
      .finally(() => this.local.delete(execution.id))
  }

  /** Resolves when a local execution has finished (or at once when it is not running here). */
  async settled(executionId: string): Promise<void> {
    await this.local.get(executionId)?.done
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
    if (row) this.app.service('executions').emit('patched', row, eventContext('executions', principal, row))
  }

  private table(schema: string) {
    return this.app.get('knex')('executions').withSchema(schema)
  }

  private async setStatus(principal: Principal, id: string, patch: Record<string, unknown>) {
    return this.app.service('executions').patch(id, { ...patch, updatedAt: new Date() } as never, { principal } as never)
  }

  private async run(execution: ExecutionRow, principal: Principal, signal: AbortSignal, resumed?: Map<string, ResumedNode>) {
    const knex = this.app.get('knex')
    const schema = principal.tenantSchema
    const version = await knex('flowVersions').withSchema(schema).where({ flowId: execution.flowId, version: execution.flowVersion }).first()
    const lastSeq = resumed
      ? Number((await knex('executionEvents').withSchema(schema).where({ executionId: execution.id }).max({ seq: 'seq' }))[0]?.seq ?? 0)
      : 0
    const recorder = new KnexRecorder({
      knex,
      schema,
      executionId: execution.id,
      lastSeq,
      onStored: (events) => this.publish(events, principal)
    })
    await this.setStatus(principal, execution.id, { status: 'running', startedAt: new Date() })
    recorder.event(resumed ? 'execution.resumed' : 'execution.started', null, { flowId: execution.flowId, flowVersion: execution.flowVersion })

    let result: { status: string; output: unknown; error?: string }
    try {
      if (!version) throw new Error(`flow version ${execution.flowVersion} no longer exists`)
      const flow = { nodes: version.nodes, edges: version.edges }
      validateFlow(flow, nodeTypeLookup(this.app))
      result = await runFlow({
        executionId: execution.id,
        tenantId: principal.tenantId,
        graph: compileFlow(flow, nodeTypeLookup(this.app)),
        nodeType: (type) => requireNodeType(this.app, type),
        input: execution.input,
        signal,
        recorder,
        resumed,
        services: (nodeId) => ({
          llm: createLlmClient(this.app, {
            principal,
            executionId: execution.id,
            nodeId,
            emit: (event) => recorder.event(event.type, nodeId, event.data)
          })
        })
      })
    } catch (error) {
      result = { status: 'failed', output: null, error: (error as Error).message }
    }
    if (this.stopping && result.status === 'cancelled') {
      // Interrupted by our own shutdown, not by a user: leave it for the next runner to resume.
      await recorder.flush().catch(() => undefined)
      return
    }
    recorder.event('execution.completed', null, { status: result.status, output: result.output, ...(result.error ? { error: result.error } : {}) })
    await recorder.flush()
    await this.setStatus(principal, execution.id, {
      status: result.status,
      output: result.output ?? null,
      error: result.error ?? null,
      finishedAt: new Date(),
      leaseUntil: null
    })
  }

  private publish(events: RecordedEvent[], principal: Principal) {
    const service = this.app.service('execution-events')
    for (const event of events) {
      service.emit('created', event, eventContext('execution-events', principal, event))
      this.events.emit(event.executionId, event)
    }
  }

  private async renewLeases() {
    for (const [id, run] of this.local) {
      const [row] = await this.table(run.schema)
        .where({ id, runnerId: this.runnerId })
        .update({ leaseUntil: this.leaseUntil() })
        .returning(['status'])
        .catch(() => [])
      if (row?.status === 'cancelled') run.controller.abort(new Error('cancelled'))
    }
  }

  /** Takes over executions whose lease ran out and resumes them. */
  async recover(): Promise<void> {
    if (this.stopping) return
    const knex = this.app.get('knex')
    const tenants = (await knex('tenants').withSchema('public').select('id')) as Array<{ id: string }>
    for (const { id: tenantId } of tenants) {
      const principal = systemPrincipal(tenantId)
      const claimed = (await this.table(principal.tenantSchema)
        .whereIn('status', ['queued', 'running'])
        .where((query) => query.whereNull('leaseUntil').orWhere('leaseUntil', '<', new Date()))
        .update({ runnerId: this.runnerId, leaseUntil: this.leaseUntil() })
        .returning('*')
        .catch(() => [])) as ExecutionRow[]
      for (const execution of claimed) {
        if (this.local.has(execution.id)) continue
        const nodes = (await knex('executionNodes').withSchema(principal.tenantSchema).where({ executionId: execution.id })) as Array<{
          nodeId: string
          status: ResumedNode['status']
          port: string | null
          output: unknown
          attempts: number
        }>
        const resumed = new Map(nodes.map((node) => [node.nodeId, { status: node.status, port: node.port, output: node.output, attempts: node.attempts }]))
        this.app.get('logger').info({ executionId: execution.id, tenantId }, 'resuming execution after its runner stopped')
        const controller = new AbortController()
        const run: LocalRun = { controller, schema: principal.tenantSchema, done: Promise.resolve() }
        this.local.set(execution.id, run)
        run.done = this.run(execution, principal, controller.signal, resumed)
          .catch((error: Error) => this.app.get('logger').error({ err: error, executionId: execution.id }, 'execution crashed'))
          .finally(() => this.local.delete(execution.id))
      }
    }
  }
}
