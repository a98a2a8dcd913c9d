import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { NodeType } from '@troupe/sdk/plugin'

/** The part of a flow the graph code reads: a saved flow, or a draft being edited. */
export interface FlowShape {
  nodes: readonly FlowNode[]
  edges: readonly FlowEdge[]
}

/** What the graph code needs of a node type; a registered `NodeType` satisfies it. */
export type NodeTypeShape = Pick<NodeType, 'type' | 'params' | 'inputs' | 'outputs' | 'trigger'>

/** The node types a tenant can use, by type name; `undefined` for a type no plugin provides. */
export type NodeTypeLookup = (type: string) => NodeTypeShape | undefined
