export type NodeStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled'

export interface NodeState {
  status: NodeStatus
  /** For a succeeded node, the output port it took (`logic.condition`: `true` or `false`); none means every port. */
  port?: string
}

/** Node states by node id; a node with no entry is pending. */
export type NodeStates = ReadonlyMap<string, NodeState>

const pending: NodeState = Object.freeze({ status: 'pending' })

export function stateOf(states: NodeStates, nodeId: string): NodeState {
  return states.get(nodeId) ?? pending
}
