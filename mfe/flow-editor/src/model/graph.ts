import type { FlowEdge, FlowNode } from '@troupe/sdk'

/** The editable part of a flow: what undo and redo restore. */
export interface Graph {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

export function cloneGraph(graph: Graph): Graph {
  return JSON.parse(JSON.stringify(graph)) as Graph
}
