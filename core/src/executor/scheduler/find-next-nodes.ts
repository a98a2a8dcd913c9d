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

/** Nodes to look at, each once until it is let in again (a skip may change what a node sees). */
class Agenda {
  readonly queue: string[] = []
  private readonly seen = new Set<string>()
  next = 0

  add(id: string) {
    if (!this.seen.has(id)) {
      this.seen.add(id)
      this.queue.push(id)
    }
  }

  again(id: string) {
    this.seen.delete(id)
    this.add(id)
  }
}

function inTopologicalOrder(graph: CompiledFlow, ids: string[]): string[] {
  if (ids.length < 2) return ids
  const position = positionsOf(graph)
  return ids.sort((a, b) => position.get(a)! - position.get(b)!)
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
  // Skips decided in this call, seen before the caller records them.
  let decided: Map<string, NodeState> | undefined
  const agenda = new Agenda()
  if (changed === undefined) {
    for (const id of graph.order) if (graph.nodes.get(id)!.incoming.length === 0) agenda.add(id)
  } else {
    for (const id of changed) for (const edge of graph.nodes.get(id)!.outgoing) agenda.add(edge.target)
  }
  while (agenda.next < agenda.queue.length) {
    const id = agenda.queue[agenda.next++]
    if ((decided?.get(id) ?? stateOf(states, id)).status !== 'pending') continue
    const node = graph.nodes.get(id)!
    let undecided = false
    let active = false
    for (const edge of node.incoming) {
      const state = edgeState(edge, decided?.get(edge.source) ?? stateOf(states, edge.source))
      if (state === 'undecided') {
        // One undecided input is enough to wait: a join of many need not look at the rest.
        undecided = true
        break
      }
      if (state === 'active') active = true
    }
    if (undecided) continue
    if (active || node.incoming.length === 0) {
      ready.push(id)
    } else {
      skip.push(id)
      ;(decided ??= new Map()).set(id, skipped)
      for (const edge of node.outgoing) agenda.again(edge.target)
    }
  }
  return { ready: inTopologicalOrder(graph, ready), skip: inTopologicalOrder(graph, skip) }
}
