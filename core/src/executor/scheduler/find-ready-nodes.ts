import type { CompiledFlow } from '../graph/compile-flow.js'
import { edgeState } from './edge-state.js'
import { stateOf, type NodeState, type NodeStates } from './node-state.js'

export interface ReadyNodes {
  /** Pending nodes to start now, in topological order. */
  ready: string[]
  /** Pending nodes to mark skipped, in topological order: every edge into them is dead. */
  skip: string[]
}

const skipped: NodeState = Object.freeze({ status: 'skipped' })

/**
 * What the runner may do next. A pending node is ready once every edge into it is decided and at
 * least one is active (a node with no edges in is ready at once), and is skipped when every edge
 * into it is dead. `skip` is already closed over: nodes fed only by nodes it skips are in it too,
 * so an untaken branch is skipped to its end in one call, while a join waits for the taken branch.
 *
 * A node downstream of a failed or cancelled node is in neither list: whether to fail, cancel or
 * skip it is the runner's policy, and until the runner marks it the node stays pending.
 */
export function findReadyNodes(graph: CompiledFlow, states: NodeStates): ReadyNodes {
  const ready: string[] = []
  const skip: string[] = []
  const decided = new Map(states)
  // Topological order puts every upstream skip decided here before the nodes it feeds.
  for (const id of graph.order) {
    if (stateOf(decided, id).status !== 'pending') continue
    const edges = graph.nodes.get(id)!.incoming.map((edge) => edgeState(edge, stateOf(decided, edge.source)))
    if (edges.includes('undecided')) continue
    if (edges.length === 0 || edges.includes('active')) {
      ready.push(id)
    } else {
      skip.push(id)
      decided.set(id, skipped)
    }
  }
  return { ready, skip }
}
