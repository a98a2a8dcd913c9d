import type { ExecutionEvent, FlowEdge, FlowNode, NodeStatus } from '@troupe/sdk'
import { StreamedTokens } from './streamed-tokens.ts'

export interface NodeLog {
  seq: number
  level: string
  message: string
  at: string
}

/** What one node did in an execution, from its events. */
export interface NodeRun {
  nodeId: string
  type?: string
  label?: string
  status: NodeStatus
  attempts: number
  startedAt?: string
  finishedAt?: string
  input?: unknown
  output?: unknown
  error?: string
  /** The port the output went out through (`true`/`false` of a condition). */
  port?: string
  /** While the node waits (for a person, a callback): why. */
  waitingFor?: string
  /** A re-run from a later node kept this node's recorded state: the execution it came from. */
  reusedFrom?: string
  /** It did not run: a test run gave it its output (its pinned data, or its output in the run before). */
  pinned?: boolean
  /** A test of another node (that node's id) left it out. */
  notTestedBy?: string
  logs: NodeLog[]
  /** Streamed LLM tokens, concatenated, without what a provider streamed before failing over. */
  tokens: string
  usage?: { promptTokens?: number; completionTokens?: number; costUsd?: number }
}

interface FlowGraph {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

const settled: Record<string, NodeStatus> = {
  'node.completed': 'succeeded',
  'node.failed': 'failed',
  'node.skipped': 'skipped',
  'node.cancelled': 'cancelled'
}

function usageOf(output: unknown): NodeRun['usage'] {
  const usage = (output as { usage?: unknown } | null | undefined)?.usage
  return usage && typeof usage === 'object' ? (usage as NodeRun['usage']) : undefined
}

/**
 * Each node's run, in the order nodes started (then the flow's other nodes, pending). A node's
 * input is what the executor hands it: its upstream's output, or an object keyed by upstream id
 * when several completed upstreams feed it; a trigger's is the execution input.
 */
export function buildNodeRuns(events: ExecutionEvent[], flow: FlowGraph | undefined, executionInput: unknown): NodeRun[] {
  const runs = new Map<string, NodeRun>()
  const streamed = new Map<NodeRun, StreamedTokens>()
  const runOf = (nodeId: string) => {
    let run = runs.get(nodeId)
    if (!run) {
      run = { nodeId, status: 'pending', attempts: 0, logs: [], tokens: '' }
      runs.set(nodeId, run)
    }
    return run
  }
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (!event.nodeId) continue
    const run = runOf(event.nodeId)
    const data = event.data as Record<string, unknown>
    if (event.type === 'node.started') {
      // A node that waited runs again when resumed: that continues its attempt, it is no retry.
      if (run.status !== 'waiting') run.attempts += 1
      run.status = 'running'
      run.waitingFor = undefined
      run.startedAt ??= event.createdAt
      if (typeof data.type === 'string') run.type = data.type
    } else if (event.type === 'node.retry') {
      run.status = 'running'
    } else if (event.type === 'node.waiting') {
      run.status = 'waiting'
      run.waitingFor = typeof data.reason === 'string' ? data.reason : undefined
    } else if (settled[event.type]) {
      run.status = settled[event.type]!
      run.finishedAt = event.createdAt
      if ('output' in data) run.output = data.output
      if (typeof data.error === 'string') run.error = data.error
      if (typeof data.port === 'string') run.port = data.port
      if (typeof data.reusedFrom === 'string') run.reusedFrom = data.reusedFrom
      if (data.pinned === true) run.pinned = true
      if (typeof data.notTestedBy === 'string') run.notTestedBy = data.notTestedBy
      run.usage = usageOf(data.output)
    } else if (event.type === 'token' || event.type === 'llm.failover') {
      const tokens = streamed.get(run) ?? new StreamedTokens()
      streamed.set(run, tokens)
      tokens.apply(event)
      run.tokens = tokens.text
    } else if (event.type === 'log') {
      run.logs.push({ seq: event.seq, level: String(data.level ?? 'info'), message: String(data.message ?? ''), at: event.createdAt })
    }
  }

  const when = (run: NodeRun) => run.startedAt ?? run.finishedAt ?? '~'
  const ordered = [...runs.values()].sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0))
  if (!flow) return ordered
  for (const node of flow.nodes) {
    const run = runOf(node.id)
    run.type ??= node.type
    run.label = node.label
    if (!ordered.includes(run)) ordered.push(run)
  }
  for (const run of ordered) run.input = inputOf(run.nodeId, flow, runs, executionInput)
  return ordered
}

function inputOf(nodeId: string, flow: FlowGraph, runs: Map<string, NodeRun>, executionInput: unknown): unknown {
  const upstream = flow.edges.filter((edge) => edge.target === nodeId)
  if (upstream.length === 0) return runs.get(nodeId)?.startedAt ? executionInput : undefined
  const fed = upstream.filter((edge) => runs.get(edge.source)?.status === 'succeeded' && (!edge.sourceHandle || runs.get(edge.source)?.port === edge.sourceHandle))
  if (fed.length === 0) return undefined
  if (fed.length === 1) return runs.get(fed[0]!.source)!.output
  return Object.fromEntries(fed.map((edge) => [edge.source, runs.get(edge.source)!.output]))
}

/** Where a node's bar sits on the execution's timeline, as percentages. */
export function timelineBar(run: NodeRun, start: number, end: number): { left: number; width: number } | undefined {
  if (!run.startedAt || end <= start) return undefined
  const from = Date.parse(run.startedAt)
  const to = run.finishedAt ? Date.parse(run.finishedAt) : end
  const left = ((from - start) / (end - start)) * 100
  return { left: Math.max(0, Math.min(100, left)), width: Math.max(0.5, Math.min(100 - left, ((to - from) / (end - start)) * 100)) }
}
