import type { CompiledFlow } from '../graph/compile-flow.js'
import { stateOf, type NodeStates } from './node-state.js'

/**
 * Whether the execution is over: no node pending or running. Nodes left pending behind a failed or
 * cancelled one keep it open until the runner marks them.
 */
export function isFinished(graph: CompiledFlow, states: NodeStates): boolean {
  return graph.order.every((id) => {
    const { status } = stateOf(states, id)
    return status !== 'pending' && status !== 'running'
  })
}
