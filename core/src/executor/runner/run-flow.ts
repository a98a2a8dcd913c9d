import type { NodeExecutionContext, NodeType } from '@troupe/sdk/plugin'
import { dataChecker } from '../../validation/ajv.js'
import type { CompiledFlow } from '../graph/compile-flow.js'
import type { ExecutionRecorder } from '../persistence/execution-recorder.js'
import { collectNodeInput } from '../scheduler/collect-node-input.js'
import { findReadyNodes } from '../scheduler/find-ready-nodes.js'
import { findNextNodes } from '../scheduler/find-next-nodes.js'
import type { NodeState, NodeStatus } from '../scheduler/node-state.js'
import { renderParams } from '../templates/render-params.js'
import { abortableSleep } from './abortable-sleep.js'
import { NodeTimeoutError } from './node-timeout-error.js'

/** A node's state carried over from an earlier run of the same execution (crash recovery). */
export interface ResumedNode {
  status: NodeStatus
  port?: string | null
  output?: unknown
  attempts: number
}

export interface RunFlowOptions {
  executionId: string
  tenantId: string
  graph: CompiledFlow
  nodeType(type: string): NodeType<never>
  input: unknown
  /** Aborts the run: cancellation. */
  signal: AbortSignal
  recorder: ExecutionRecorder
  /** Services a node may use, built per node (the LLM client records which node called). */
  services(nodeId: string): NodeExecutionContext['services']
  /** Most nodes running at once. */
  concurrency?: number
  resumed?: ReadonlyMap<string, ResumedNode>
}

export interface RunFlowResult {
  status: 'succeeded' | 'failed' | 'cancelled'
  output: unknown
  error?: string
}

const finished: NodeStatus[] = ['succeeded', 'skipped']

/**
 * Runs a compiled flow to a terminal state: ready nodes start as soon as their inputs are decided
 * (independent branches in parallel, up to `concurrency`), untaken branches are skipped, each node
 * gets its timeout and retries, the first node that fails for good stops the run, and aborting
 * `signal` cancels it. Nodes that completed in an earlier run are not run again.
 */
export async function runFlow(options: RunFlowOptions): Promise<RunFlowResult> {
  const { graph, recorder, input } = options
  const concurrency = options.concurrency ?? 8
  const states = new Map<string, NodeState>()
  const outputs = new Map<string, unknown>()
  // Outputs as templates and nodes read them; filled as nodes complete, never copied per node.
  const nodes: Record<string, { output: unknown }> = Object.create(null)
  // Nodes settled since the scheduler last looked: it only revisits what they feed.
  let changed: string[] = []
  const attempts = new Map<string, number>()
  // Nodes a crash interrupted mid-run: run again if their retries allow, else fail with the reason.
  const interrupted = new Set<string>()
  for (const [nodeId, resumed] of options.resumed ?? []) {
    attempts.set(nodeId, resumed.attempts)
    if (resumed.status === 'running') interrupted.add(nodeId)
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
  const onCancel = () => stop.abort(options.signal.reason)
  options.signal.addEventListener('abort', onCancel, { once: true })
  let failure: { nodeId: string; message: string } | undefined
  const running = new Map<string, Promise<void>>()

  const settle = (nodeId: string, status: NodeStatus, patch: Record<string, unknown>, event: string, data: Record<string, unknown>) => {
    states.set(nodeId, { status, ...(patch.port ? { port: patch.port as string } : {}) })
    changed.push(nodeId)
    recorder.node(nodeId, { status, finishedAt: new Date(), ...patch })
    recorder.event(event, nodeId, data)
  }

  const runNode = async (nodeId: string) => {
    const { node } = graph.nodes.get(nodeId)!
    const nodeType = options.nodeType(node.type)
    const value = collectNodeInput(graph, nodeId, outputs, states)
    const maxAttempts = (node.retry?.max ?? 0) + 1
    if (interrupted.has(nodeId) && (attempts.get(nodeId) ?? 0) >= maxAttempts) {
      const message = 'interrupted by a server stop during its last allowed attempt; not run again'
      failure ??= { nodeId, message }
      settle(nodeId, 'failed', { error: message }, 'node.failed', { error: message, attempts: attempts.get(nodeId) })
      stop.abort(new Error(`node ${nodeId} failed`))
      return
    }
    recorder.node(nodeId, { status: 'running', startedAt: new Date(), input: value })
    recorder.event('node.started', nodeId, { type: node.type })

    for (;;) {
      const attempt = (attempts.get(nodeId) ?? 0) + 1
      attempts.set(nodeId, attempt)
      // A node with a timeout gets a signal of its own; the others share the run's (most nodes).
      const nodeAbort = node.timeoutMs ? new AbortController() : undefined
      const signal = nodeAbort?.signal ?? stop.signal
      const onStop = () => nodeAbort?.abort(stop.signal.reason)
      if (nodeAbort) stop.signal.addEventListener('abort', onStop, { once: true })
      const timer = nodeAbort
        ? setTimeout(() => nodeAbort.abort(new NodeTimeoutError(node.timeoutMs!)), node.timeoutMs)
        : undefined
      try {
        const params = renderParams(node.params ?? {}, nodeType.params, { input, nodes, value }) as Record<string, unknown>
        dataChecker(nodeType.params, `params of node ${nodeId}`)(params)
        const execution = nodeType.execute({
          input: value,
          params: params as never,
          executionInput: input,
          nodes,
          signal,
          logger: nodeLogger(recorder, nodeId),
          emit: (event) => recorder.event(event.type, nodeId, event.data),
          services: options.services(nodeId),
          tenantId: options.tenantId,
          executionId: options.executionId,
          nodeId
        })
        // A node that ignores its signal still stops counting at the timeout or cancellation; its
        // late rejection is then expected and must not surface as an unhandled one.
        execution.catch(() => undefined)
        const result = await raceAbort(execution, signal)
        outputs.set(nodeId, result.output)
        nodes[nodeId] = { output: result.output }
        settle(nodeId, 'succeeded', { attempts: attempt, output: result.output, port: result.port ?? null, error: null }, 'node.completed', {
          output: result.output,
          ...(result.port ? { port: result.port } : {})
        })
        return
      } catch (error) {
        if (stop.signal.aborted) {
          settle(nodeId, 'cancelled', { attempts: attempt }, 'node.cancelled', {})
          return
        }
        const message = signal.reason instanceof NodeTimeoutError ? signal.reason.message : errorMessage(error)
        if (attempt < maxAttempts) {
          const delayMs = (node.retry?.backoffMs ?? 0) * 2 ** (attempt - 1)
          recorder.event('node.retry', nodeId, { attempt, error: message, delayMs })
          try {
            await abortableSleep(delayMs, stop.signal)
            continue
          } catch {
            settle(nodeId, 'cancelled', { attempts: attempt }, 'node.cancelled', {})
            return
          }
        }
        failure ??= { nodeId, message }
        settle(nodeId, 'failed', { attempts: attempt, error: message }, 'node.failed', { error: message, attempts: attempt })
        stop.abort(new Error(`node ${nodeId} failed`))
        return
      } finally {
        clearTimeout(timer)
        if (nodeAbort) stop.signal.removeEventListener('abort', onStop)
      }
    }
  }

  // Ready nodes waiting for a free slot, in topological order.
  const waiting: string[] = []
  const queued = new Set<string>()
  let next = findReadyNodes(graph, states)
  for (;;) {
    if (!stop.signal.aborted) {
      for (const nodeId of next.skip) settle(nodeId, 'skipped', {}, 'node.skipped', {})
      for (const nodeId of next.ready) {
        if (!queued.has(nodeId)) {
          queued.add(nodeId)
          waiting.push(nodeId)
        }
      }
      while (waiting.length && running.size < concurrency) {
        const nodeId = waiting.shift()!
        states.set(nodeId, { status: 'running' })
        running.set(nodeId, runNode(nodeId).finally(() => running.delete(nodeId)))
      }
    }
    if (!running.size) break
    await Promise.race(running.values())
    const settled = changed
    changed = []
    next = findNextNodes(graph, states, settled)
  }
  options.signal.removeEventListener('abort', onCancel)

  for (const nodeId of graph.order) {
    if (!states.has(nodeId) || states.get(nodeId)!.status === 'pending') {
      states.set(nodeId, { status: 'cancelled' })
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

/** Settles with `work`, or rejects as soon as `signal` aborts; leaves no listener behind. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function nodeLogger(recorder: ExecutionRecorder, nodeId: string): NodeExecutionContext['logger'] {
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => {
    recorder.event('log', nodeId, { level, message, ...(data ? { data } : {}) })
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}
