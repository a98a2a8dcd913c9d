import type { CompiledFlow } from '../graph/compile-flow.js'
import { edgeState } from './edge-state.js'
import { stateOf, type NodeState, type NodeStates } from './node-state.js'
import type { ReadyNodes } from './find-ready-nodes.js'

const skipped: NodeState = Object.freeze({ status: 'skipped' })
const positions = new WeakMap<CompiledFlow, Map<string, number>>()

function positionsOf(graph: CompiledFlow): Map<string, number> {
  let position = positions.get(graph)
  if (!position) {
    position = new Map(graph.order.map((id, index) => [id, index]))
    positions.set(graph, position)
  }
  return position
}

/**
 * The incremental form of `findReadyNodes`: given the nodes whose state just changed, decides only
 * the nodes they feed (and, through skips, what those feed), so a run costs time proportional to
 * its edges instead of nodes × steps. With `changed` undefined it starts the run: every pending
 * node without incoming edges is ready. Same rules and results as `findReadyNodes`.
 */
export function findNextNodes(graph: CompiledFlow, states: NodeStates, changed?: Iterable<string>): ReadyNodes {
  const ready: string[] = []
  const skip: string[] = []
  const decided = new Map<string, NodeState>()
  const stateNow = (id: string) => decided.get(id) ?? stateOf(states, id)
  const queue: string[] = []
  const seen = new Set<string>()
  const consider = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id)
      queue.push(id)
    }
  }
  if (changed === undefined) {
    for (const id of graph.order) if (graph.nodes.get(id)!.incoming.length === 0) consider(id)
  } else {
    for (const id of changed) for (const edge of graph.nodes.get(id)!.outgoing) consider(edge.target)
  }
  while (queue.length) {
    const id = queue.shift()!
    if (stateNow(id).status !== 'pending') continue
    let undecided = false
    let active = false
    for (const edge of graph.nodes.get(id)!.incoming) {
      const state = edgeState(edge, stateNow(edge.source))
      if (state === 'undecided') undecided = true
      else if (state === 'active') active = true
    }
    if (undecided) continue
    if (active || graph.nodes.get(id)!.incoming.length === 0) {
      ready.push(id)
    } else {
      skip.push(id)
      decided.set(id, skipped)
      for (const edge of graph.nodes.get(id)!.outgoing) {
        seen.delete(edge.target)
        consider(edge.target)
      }
    }
  }
  const position = positionsOf(graph)
  const byOrder = (a: string, b: string) => position.get(a)! - position.get(b)!
  return { ready: ready.sort(byOrder), skip: skip.sort(byOrder) }
}
