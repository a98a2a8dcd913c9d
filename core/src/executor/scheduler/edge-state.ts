import type { CompiledEdge } from '../graph/compile-flow.js'
import type { NodeState } from './node-state.js'

/**
 * `active`: the edge carries its source's output. `dead`: it never will (source skipped, or it
 * took another port). `undecided`: the source has not finished, or failed or was cancelled.
 */
export type EdgeState = 'active' | 'dead' | 'undecided'

export function edgeState(edge: CompiledEdge, source: NodeState): EdgeState {
  if (source.status === 'skipped') return 'dead'
  if (source.status !== 'succeeded') return 'undecided'
  const { port } = source
  if (port === undefined || edge.sourceHandle === port) return 'active'
  return edge.sourceHandle === undefined && port === 'main' ? 'active' : 'dead'
}
