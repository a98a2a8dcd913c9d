import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises'
import type { NodeType, NodeWait } from '@troupe/sdk/plugin'
import type { ExecutionServices } from '../node-services.js'
import type { CompiledFlow } from '../graph/compile-flow.js'
import type { ExecutionRecorder, NodeRecordPatch } from '../persistence/execution-recorder.js'
import { collectNodeInput } from '../scheduler/collect-node-input.js'
import { findNextNodes } from '../scheduler/find-next-nodes.js'
import { findReadyNodes } from '../scheduler/find-ready-nodes.js'
import type { NodeState, NodeStatus } from '../scheduler/node-state.js'
import { checkOutputSize } from './check-output-size.js'
import { NodeDeadline, raceAbort } from './node-deadline.js'
import { nodeEmitter, nodeLogger } from './node-context.js'
import { nodePlans } from './node-plans.js'
import { NodeTimeoutError } from './node-timeout-error.js'
import { StopRegistry } from './stop-registry.js'
import { traced } from '../../observability/tracing.js'

/** A node's state carried over from an earlier run of the same execution (crash recovery). */
export interface ResumedNode {
  status: NodeStatus
  port?: string | null
  output?: unknown
  attempts: number
  /** What a waiting node waits for. */
  waitingFor?: unknown
  /** A waiting node's resume, once someone resumed it (`{ data }`): the node runs again with it. */
  resumedWith?: { data: unknown; timedOut?: boolean } | null
}

export interface RunFlowOptions {
  executionId: string
  tenantId: string
  graph: CompiledFlow
  nodeType(type: string, version?: number): NodeType<never>
  input: unknown
  /** Aborts the run: cancellation. */
  signal: AbortSignal
  recorder: ExecutionRecorder
  /** Services a node may use, built on first use (the LLM client per node: it records which node called). */
  services: ExecutionServices
  /** Most nodes running at once. */
  concurrency?: number
  resumed?: ReadonlyMap<string, ResumedNode>
  /** Largest output a node may produce, as JSON (about): a larger one fails the node. */
  maxOutputBytes?: number
  /**
   * Store the start of every node before it runs, not only of those that are not idempotent: for
   * a run that took an execution over, so that when it dies too, the node it was running is known.
   */
  storeStartsFirst?: boolean
}

export interface RunFlowResult {
  status: 'succeeded' | 'failed' | 'cancelled' | 'waiting'
  output: unknown
  error?: string
  /** `waiting`: the nodes that wait, with what for (and until when, for those that resume by themselves). */
  waiting?: Array<{ nodeId: string; reason: string; until?: string }>
}

const finished: NodeStatus[] = ['succeeded', 'skipped']

// Shared, frozen states: most nodes need no state object of their own.
const running: NodeState = Object.freeze({ status: 'running' })
const succeeded: NodeState = Object.freeze({ status: 'succeeded' })
const failed: NodeState = Object.freeze({ status: 'failed' })
const cancelled: NodeState = Object.freeze({ status: 'cancelled' })
const skipped: NodeState = Object.freeze({ status: 'skipped' })
const waitingState: NodeState = Object.freeze({ status: 'waiting' })

/**
 * Runs a compiled flow to a terminal state: ready nodes start as soon as their inputs are decided
 * (independent branches in parallel, up to `concurrency`), untaken branches are skipped, each node
 * gets its timeout and retries, the first node that fails for good stops the run, and aborting
 * `signal` cancels it. Nodes that completed in an earlier run are not run again; a node an earlier
 * run was running when it died runs again only if its type is idempotent or its retries allow.
 */
export async function runFlow(options: RunFlowOptions): Promise<RunFlowResult> {
  const { graph, recorder, input } = options
  const plans = nodePlans(graph)
  const concurrency = options.concurrency ?? 8
  const states = new Map<string, NodeState>()
  const outputs = new Map<string, unknown>()
  // Outputs as templates and nodes read them; filled as nodes complete, never copied per node.
  const nodes: Record<string, { output: unknown }> = Object.create(null)
  const attempts = new Map<string, number>()
  // Nodes a crash interrupted mid-run: run again if that is safe, else fail with the reason.
  const interrupted = new Set<string>()
  // Waiting nodes someone resumed: they run again, with what the resume carried.
  const resumes = new Map<string, { data: unknown; timedOut?: boolean }>()
  // Nodes that asked to wait, in this run or an earlier one that nobody resumed yet.
  const waits = new Map<string, { reason: string; until?: string }>()
  for (const [nodeId, resumed] of options.resumed ?? []) {
    attempts.set(nodeId, resumed.attempts)
    if (resumed.status === 'running') interrupted.add(nodeId)
    if (resumed.resumedWith) {
      resumes.set(nodeId, resumed.resumedWith)
      // A resumed node's attempts start over: it continues, it does not retry.
      if (resumed.status === 'waiting') attempts.set(nodeId, 0)
    } else if (resumed.status === 'waiting') {
      states.set(nodeId, waitingState)
      const waitingFor = resumed.waitingFor as { reason?: string; until?: string } | null | undefined
      waits.set(nodeId, { reason: waitingFor?.reason ?? '', ...(waitingFor?.until ? { until: waitingFor.until } : {}) })
    }
    if (finished.includes(resumed.status)) {
      states.set(nodeId, { status: resumed.status, ...(resumed.port ? { port: resumed.port } : {}) })
      if (resumed.status === 'succeeded') {
        outputs.set(nodeId, resumed.output)
        nodes[nodeId] = { output: resumed.output }
      }
    }
  }

  // Stops every running node: on cancellation, or when one node has failed for good.
  const stop = new AbortController()
  const stops = new StopRegistry(stop.signal)
  const onCancel = () => stop.abort(options.signal.reason)
  if (options.signal.aborted) onCancel()
  else options.signal.addEventListener('abort', onCancel, { once: true })
  let failure: { nodeId: string; message: string } | undefined
  // A bug rather than a node failing (a recorder that throws): the run stops and rethrows it.
  let crash: { error: unknown } | undefined
  let active = 0
  // Nodes settled since the scheduler last looked: it only revisits what they feed.
  let changed: string[] = []
  let wake: (() => void) | undefined

  function settle(nodeId: string, state: NodeState, patch: NodeRecordPatch, event: string, data: Record<string, unknown>) {
    states.set(nodeId, state)
    changed.push(nodeId)
    recorder.node(nodeId, patch)
    recorder.event(event, nodeId, data)
  }

  async function attemptNode(nodeId: string) {
    const plan = plans.get(nodeId)!
    const { node } = plan
    const nodeType = options.nodeType(node.type, node.typeVersion)
    const value = collectNodeInput(graph, nodeId, outputs, states)
    const maxAttempts = (node.retry?.max ?? 0) + 1
    // A trigger only hands on what started the execution: running it again repeats nothing.
    const idempotent = nodeType.idempotent === true || nodeType.trigger === true
    if (interrupted.has(nodeId) && !idempotent && (attempts.get(nodeId) ?? 0) >= maxAttempts) {
      const message = 'interrupted by a server stop during its last allowed attempt; not run again, since it may have had its effect'
      failure ??= { nodeId, message }
      settle(nodeId, failed, { status: 'failed', finishedAt: new Date(), error: message }, 'node.failed', { error: message, attempts: attempts.get(nodeId) })
      stop.abort(new Error(`node ${nodeId} failed`))
      return
    }
    // A node that must not run more often than it allows has each attempt stored before it starts,
    // so a crash in the middle leaves the attempt counted, whatever the write-behind had pending.
    const storeFirst = !idempotent || options.storeStartsFirst === true
    const firstAttempt = (attempts.get(nodeId) ?? 0) + 1
    recorder.node(nodeId, resumes.has(nodeId)
      ? { status: 'running', startedAt: new Date(), input: value, attempts: firstAttempt, waitingFor: null }
      : { status: 'running', startedAt: new Date(), input: value, attempts: firstAttempt })
    recorder.event('node.started', nodeId, { type: node.type })

    for (;;) {
      const attempt = (attempts.get(nodeId) ?? 0) + 1
      attempts.set(nodeId, attempt)
      if (attempt > firstAttempt) recorder.node(nodeId, { attempts: attempt })
      // A node with a timeout gets a signal of its own; the others share the run's (most nodes).
      const deadline = node.timeoutMs ? new NodeDeadline(node.timeoutMs, stop.signal) : undefined
      const signal = deadline?.signal ?? stop.signal
      try {
        const params = plan.params({ input, nodes, value })
        plan.check(params)
        if (storeFirst) {
          await recorder.flush()
          signal.throwIfAborted()
        }
        // One span per node run: LLM and tool calls made by the node become its children.
        const execution = traced(`node ${node.type}`, { 'troupe.node.id': nodeId, 'troupe.node.type': node.type, 'troupe.node.attempt': attempt }, () =>
          nodeType.execute({
            input: value,
            params: params as never,
            executionInput: input,
            nodes,
            signal,
            logger: nodeLogger(recorder, nodeId),
            emit: nodeEmitter(recorder, nodeId),
            services: options.services.forNode(nodeId),
            tenantId: options.tenantId,
            executionId: options.executionId,
            nodeId,
            resume: resumes.get(nodeId)
          })
        )
        // A node that ignores its signal still stops counting at the timeout or cancellation; its
        // late rejection is then handled by the race and does not surface as an unhandled one.
        const result = await (deadline ? raceAbort(execution, signal) : stops.race(execution))
        if (result.wait !== undefined) {
          const wait = checkedWait(result.wait)
          if (options.maxOutputBytes !== undefined) checkOutputSize(wait, options.maxOutputBytes)
          waits.set(nodeId, wait.until ? { reason: wait.reason, until: wait.until } : { reason: wait.reason })
          settle(
            nodeId,
            waitingState,
            { status: 'waiting', attempts: attempt, waitingFor: wait, resumedWith: null, error: null },
            'node.waiting',
            { reason: wait.reason, ...(wait.data === undefined ? {} : { data: wait.data }), ...(wait.until ? { until: wait.until } : {}) }
          )
          return
        }
        if (options.maxOutputBytes !== undefined) checkOutputSize(result.output, options.maxOutputBytes)
        outputs.set(nodeId, result.output)
        nodes[nodeId] = { output: result.output }
        const port = result.port ?? null
        settle(
          nodeId,
          port ? { status: 'succeeded', port } : succeeded,
          { status: 'succeeded', finishedAt: new Date(), attempts: attempt, output: result.output, port, error: null },
          'node.completed',
          port ? { output: result.output, port } : { output: result.output }
        )
        return
      } catch (error) {
        if (stop.signal.aborted) {
          settle(nodeId, cancelled, { status: 'cancelled', finishedAt: new Date(), attempts: attempt }, 'node.cancelled', {})
          return
        }
        const message = signal.reason instanceof NodeTimeoutError ? signal.reason.message : errorMessage(error)
        if (attempt < maxAttempts) {
          // Doubling may pass what a timer can wait (2^31 - 1 ms), past which it would fire at once.
          const delayMs = Math.min((node.retry?.backoffMs ?? 0) * 2 ** (attempt - 1), 2_147_483_647)
          recorder.event('node.retry', nodeId, { attempt, error: message, delayMs })
          try {
            await sleep(delayMs, undefined, { signal: stop.signal })
            continue
          } catch {
            settle(nodeId, cancelled, { status: 'cancelled', finishedAt: new Date(), attempts: attempt }, 'node.cancelled', {})
            return
          }
        }
        failure ??= { nodeId, message }
        settle(nodeId, failed, { status: 'failed', finishedAt: new Date(), attempts: attempt, error: message }, 'node.failed', { error: message, attempts: attempt })
        stop.abort(new Error(`node ${nodeId} failed`))
        return
      } finally {
        deadline?.clear()
      }
    }
  }

  async function runNode(nodeId: string) {
    try {
      await attemptNode(nodeId)
    } catch (error) {
      crash ??= { error }
      stop.abort(error)
    } finally {
      active--
      const resume = wake
      wake = undefined
      resume?.()
    }
  }

  // Ready nodes waiting for a free slot, in topological order.
  const waiting: string[] = []
  let nextWaiting = 0
  const queued = new Set<string>()
  let next = findReadyNodes(graph, states)
  let sliceStarted = performance.now()
  for (;;) {
    if (!stop.signal.aborted) {
      // `skip` is closed over: what the skipped nodes feed was decided in the same call.
      for (const nodeId of next.skip) {
        settle(nodeId, skipped, { status: 'skipped', finishedAt: new Date() }, 'node.skipped', {})
        changed.pop()
      }
      for (const nodeId of next.ready) {
        if (!queued.has(nodeId)) {
          queued.add(nodeId)
          waiting.push(nodeId)
        }
      }
      while (nextWaiting < waiting.length && active < concurrency && !stop.signal.aborted) {
        const nodeId = waiting[nextWaiting++]
        states.set(nodeId, running)
        active++
        void runNode(nodeId)
      }
    }
    if (!active) break
    if (!changed.length) await new Promise<void>((resolve) => (wake = resolve))
    // Nodes that answer at once resolve as microtasks, which never let timers or I/O in: a flow of
    // thousands of them would hold the event loop (every tenant's requests) for its whole run.
    // Waiting for a node is no yield when the node answered at once. Nodes settling meanwhile join
    // `changed`, read just after.
    if (performance.now() - sliceStarted > yieldEveryMs) {
      await yieldToEventLoop()
      sliceStarted = performance.now()
    }
    const settled = changed
    changed = []
    next = findNextNodes(graph, states, settled)
  }
  options.signal.removeEventListener('abort', onCancel)
  if (crash) throw crash.error

  // Nothing else can run, nothing failed and some nodes wait: the execution waits with them, its
  // other nodes pending until a resume.
  // (A node that waits keeps its `waiting` state in this run: `waits` lists exactly those.)
  if (!failure && !options.signal.aborted && waits.size) {
    return { status: 'waiting', output: null, waiting: [...waits].map(([nodeId, wait]) => ({ nodeId, ...wait })) }
  }
  for (const nodeId of graph.order) {
    const status = states.get(nodeId)?.status ?? 'pending'
    if (status === 'pending' || status === 'waiting') {
      states.set(nodeId, cancelled)
      recorder.node(nodeId, { status: 'cancelled', finishedAt: new Date() })
    }
  }
  if (failure) return { status: 'failed', output: null, error: `Node ${failure.nodeId} failed: ${failure.message}` }
  if (options.signal.aborted) return { status: 'cancelled', output: null, error: 'Cancelled' }
  return { status: 'succeeded', output: flowOutput(graph, outputs) }
}

/** The outputs of the `flow.output` nodes that ran: the one value, or an object keyed by node id. */
function flowOutput(graph: CompiledFlow, outputs: ReadonlyMap<string, unknown>): unknown {
  const ends = graph.order.filter((id) => graph.nodes.get(id)!.node.type === 'flow.output' && outputs.has(id))
  if (ends.length === 0) return null
  if (ends.length === 1) return outputs.get(ends[0]) ?? null
  return Object.fromEntries(ends.map((id) => [id, outputs.get(id)]))
}

/** Longest stretch the scheduler runs before it lets the event loop serve others. */
const yieldEveryMs = 10

/** A node's `wait` as the contract describes it, or an error that fails the node. */
function checkedWait(wait: unknown): NodeWait {
  const candidate = wait as Partial<NodeWait> | null
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.reason !== 'string' || !candidate.reason) {
    throw new Error('the node asked to wait without a reason (`wait.reason` must be a non-empty string)')
  }
  let until: string | undefined
  if (candidate.until !== undefined) {
    const at = typeof candidate.until === 'string' ? new Date(candidate.until) : new Date(Number.NaN)
    if (Number.isNaN(at.getTime())) throw new Error('the node asked to wait until a time that is none (`wait.until` must be an ISO 8601 date-time)')
    until = at.toISOString()
  }
  return { reason: candidate.reason, ...(candidate.data === undefined ? {} : { data: candidate.data }), ...(until ? { until } : {}) }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
