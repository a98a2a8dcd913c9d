import { createHash } from 'node:crypto'
import type { Application, Principal } from '../declarations.js'
import { createLlmClient } from '../llm/llm-gateway.js'
import { createToolClient } from '../tools/tool-client.js'
import { tenantLogicFor } from '../tenant-logic/tenant-logic.js'
import { inSpan } from '../observability/tracing.js'
import { createRecordsClient } from './records-client.js'
import { ExecutionServices } from './node-services.js'
import { CompiledFlowCache } from './compiled-flow-cache.js'
import { compileFlow, type CompiledFlow } from './graph/compile-flow.js'
import { validateFlow } from './graph/validate-flow.js'
import type { FlowShape } from './graph/flow-shapes.js'
import { nodeTypeLookup, requireNodeType } from './node-type-lookup.js'
import type { RecordedEvent } from './persistence/execution-recorder.js'
import type { ExecutionStatusPatch } from './persistence/execution-changes.js'
import { KnexRecorder } from './persistence/knex-recorder.js'
import { LeaseLostError } from './persistence/lease-lost-error.js'
import { UnstorableProgressError } from './persistence/unstorable-progress.js'
import type { WrittenExecution } from './persistence/write-changes-query.js'
import { ExecutionFailures } from './execution-failures.js'
import { parentOf, type ExecutionLifecycle } from './lifecycle/execution-lifecycle.js'
import { startSubExecution } from './sub-executions/start-sub-execution.js'
import { isQuarantined } from './quarantine.js'
import { runFlow, type RunFlowResult } from './runner/run-flow.js'
import type { ExecutionStore } from './store/execution-store.js'

/** Another runner took the execution over: it finishes it, so this one stops quietly. */
function ignoreLostLease(error: unknown) {
  if (!(error instanceof LeaseLostError)) throw error
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
  /** A sub-flow's run: the execution and node that started it. */
  parentExecutionId?: string | null
  parentNodeId?: string | null
  /** A re-run from a node: the execution it re-ran (its upstream node states were copied in with the row). */
  rerunOf?: string | null
  rerunFromNodeId?: string | null
  /** A test run (`pinnedOutputs`, `onlyNodeId`): its pinned and skipped node states were stored with the row. */
  pinnedNodeIds?: string[] | null
  onlyNodeId?: string | null
}

export interface ExecutionRunnerOptions {
  runnerId: string
  /** Takeovers after which an execution is quarantined instead of resumed (2 by default). */
  maxTakeovers?: number
  /** Largest output a node may produce, as JSON. */
  nodeOutputMaxBytes?: number
  /** Whether this process is shutting down (an interrupted run is then left for the next runner). */
  stopping(): boolean
}

/**
 * Runs one claimed execution to its end: its start (status `running`), node states, events and
 * final status all go through a recorder, which writes them together with other executions'
 * (the store's group-commit writer), fenced by this runner's lease: a fast execution costs one or
 * two statements, shared. A lost lease or a write that fails stops the run.
 */
export class ExecutionRunner {
  private readonly compiledFlows = new CompiledFlowCache()
  private readonly failures: ExecutionFailures

  constructor(
    private readonly app: Application,
    private readonly store: ExecutionStore,
    private readonly lifecycle: ExecutionLifecycle,
    private readonly options: ExecutionRunnerOptions
  ) {
    this.failures = new ExecutionFailures(app, lifecycle, (execution, principal) => this.recorder(execution, principal, new AbortController(), true))
  }

  /**
   * `resume` continues what an earlier runner stored. Answers `waiting` when the run stopped
   * because nodes wait (stored): the dispatcher then checks for a resume that raced it.
   */
  async run(execution: ExecutionRow, principal: Principal, controller: AbortController, resume: boolean): Promise<'waiting' | void> {
    const schema = principal.tenantSchema
    const signal = controller.signal
    // Read once the run is local, so the lease is renewed meanwhile.
    const resumed = resume ? await this.store.storedNodeStates(schema, execution.id) : undefined
    // A re-run from a node starts with the states it reuses, a test run with those it was given:
    // read like a takeover's, reported as reused, pinned or not tested.
    const seeded = Boolean(execution.rerunFromNodeId || execution.pinnedNodeIds || execution.onlyNodeId)
    const reused = !resume && seeded ? await this.store.storedNodeStates(schema, execution.id) : undefined
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
    for (const [nodeId, state] of reused ?? []) recorder.event(...seededEvent(execution, nodeId, state))
    this.lifecycle.start({ executionId: execution.id, principal, resumed: Boolean(resumed) })

    let result: RunFlowResult
    try {
      const graph = await this.compiledFlow(schema, execution)
      // One trace per execution: its nodes, LLM and tool calls are spans under it.
      const spanAttributes = { 'troupe.execution.id': execution.id, 'troupe.tenant': principal.tenantId, 'troupe.flow.id': execution.flowId ?? '', 'troupe.resumed': Boolean(resumed) }
      result = await inSpan('execution', spanAttributes, () =>
        runFlow({
          executionId: execution.id,
          tenantId: principal.tenantId,
          graph,
          nodeType: (type, version) => requireNodeType(this.app, type, version),
          input: execution.input,
          signal,
          recorder,
          resumed: resumed ?? reused,
          maxOutputBytes: this.options.nodeOutputMaxBytes,
          storeStartsFirst: takeovers > 0,
          services: this.nodeServices(execution, principal, recorder, graph)
        })
      )
    } catch (error) {
      result = { status: 'failed', output: null, error: (error as Error).message }
    }
    if (signal.reason instanceof UnstorableProgressError) return this.failures.unstorable(execution, principal, signal.reason)
    if (signal.reason instanceof LeaseLostError || (this.options.stopping() && result.status === 'cancelled')) {
      // Another runner holds it now, or our own shutdown interrupted it: the next runner finishes it.
      await recorder.flush().catch(() => undefined)
      return
    }
    if (result.status === 'waiting') return this.wait(execution, principal, recorder, result.waiting ?? [])
    recorder.event('execution.completed', null, { status: result.status, output: result.output, ...(result.error ? { error: result.error } : {}) })
    recorder.status({ status: result.status, output: result.output, error: result.error ?? null })
    const stored = await recorder.flush().then(() => undefined, (error: unknown) => error)
    if (stored instanceof UnstorableProgressError) return this.failures.unstorable(execution, principal, stored)
    if (stored) return ignoreLostLease(stored)
    this.lifecycle.finish({ executionId: execution.id, principal, status: result.status, parent: parentOf(execution) })
  }

  /** Stores that the execution waits (giving up its runner and lease) and reports it. */
  private async wait(execution: ExecutionRow, principal: Principal, recorder: KnexRecorder, nodes: Array<{ nodeId: string; reason: string; until?: string }>): Promise<'waiting' | void> {
    // Kept before the wait is stored: a stored timed wait always has its wake-up.
    const timed = nodes.filter((node) => node.until).map((node) => ({ nodeId: node.nodeId, at: new Date(node.until!) }))
    try {
      await this.store.scheduleWakeups(principal.tenantId, execution.id, timed)
    } catch (error) {
      await this.failures.unstorable(execution, principal, new UnstorableProgressError(`the wake-up of a timed wait could not be stored: ${(error as Error).message}`))
      return
    }
    recorder.event('execution.waiting', null, { nodes })
    recorder.status({ status: 'waiting' })
    const stored = await recorder.flush().then(() => undefined, (error: unknown) => error)
    if (stored instanceof UnstorableProgressError) return this.failures.unstorable(execution, principal, stored)
    if (stored) return ignoreLostLease(stored)
    this.lifecycle.waiting({ executionId: execution.id, principal, nodes })
    return 'waiting'
  }

  private nodeServices(execution: ExecutionRow, principal: Principal, recorder: KnexRecorder, graph: CompiledFlow) {
    return new ExecutionServices({
      llm: (nodeId) =>
        createLlmClient(this.app, {
          principal,
          executionId: execution.id,
          nodeId,
          emit: (event) => recorder.event(event.type, nodeId, event.data)
        }),
      tools: () => createToolClient(this.app, principal),
      records: (plugin) => createRecordsClient(this.app, principal, plugin),
      pluginOf: (nodeId) => {
        const node = graph.nodes.get(nodeId)?.node
        return node ? this.app.get('plugins').nodeType(node.type, node.typeVersion ?? 1)?.plugin : undefined
      },
      logic: () => tenantLogicFor(this.app.get('logicPool'), principal.tenantId),
      subflows: (nodeId) => ({ start: (request) => startSubExecution(this.app, { principal, executionId: execution.id, nodeId }, request) })
    })
  }

  /** The execution's recorder; a resumed one continues the event log after what is stored. */
  private async recorder(execution: Pick<ExecutionRow, 'id'>, principal: Principal, controller: AbortController, resumed: boolean): Promise<KnexRecorder> {
    const eventLog = this.app.get('logStore').executionEvents
    return new KnexRecorder({
      writer: this.store.progressWriter(this.options.runnerId, eventLog),
      tenant: principal,
      executionId: execution.id,
      lastSeq: resumed ? await eventLog.lastSeq(principal.tenantId, execution.id) : 0,
      maxExecutionBytes: this.app.get('config').executionMaxStoredBytes,
      onStored: (events, written) => this.stored(events, written, principal, controller),
      onFailure: (error) => controller.abort(error)
    })
  }

  /** The execution's flow version (or own graph), validated and compiled once per process (`forgetFlow` drops a flow's). */
  private async compiledFlow(schema: string, execution: ExecutionRow): Promise<CompiledFlow> {
    const graph = execution.graph
    if (graph) {
      // A crew's or a chat's graph is the same for every run of it: compiled once per content.
      const digest = createHash('sha256').update(JSON.stringify(graph)).digest('base64url')
      const compiled = await this.compiledFlows.get(schema, `graph:${digest}`, 0, async () => {
        validateFlow(graph, nodeTypeLookup(this.app))
        return compileFlow(graph, nodeTypeLookup(this.app))
      })
      return compiled!
    }
    if (!execution.flowId || execution.flowVersion === null) throw new Error('The execution names neither a flow nor a graph')
    const compiled = await this.compiledFlows.get(schema, execution.flowId, execution.flowVersion, async () => {
      const version = await this.app.get('knex')('flowVersions').withSchema(schema).where({ flowId: execution.flowId, version: execution.flowVersion }).first()
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
   * A batch of an execution is stored: it goes through the lifecycle (its events reach the
   * channels, then its status change if it had one). A cancellation stored by someone else
   * meanwhile stops the run.
   */
  private stored(events: RecordedEvent[], written: WrittenExecution, principal: Principal, controller: AbortController) {
    this.lifecycle.stored({ principal, events, row: written.row })
    if (written.status === 'cancelled' && !controller.signal.aborted) controller.abort(new Error('cancelled'))
  }
}

/** The event that reports a node state a run started with: reused from the run it re-runs, pinned, or not run by a test of one node. */
function seededEvent(execution: ExecutionRow, nodeId: string, state: { status: string; port?: string | null; output?: unknown }): [string, string, Record<string, unknown>] {
  const origin: Record<string, unknown> = execution.rerunOf ? { reusedFrom: execution.rerunOf } : state.status === 'skipped' ? { notTestedBy: execution.onlyNodeId } : { pinned: true }
  if (state.status === 'skipped') return ['node.skipped', nodeId, origin]
  return ['node.completed', nodeId, { output: state.output, ...(state.port ? { port: state.port } : {}), ...origin }]
}
