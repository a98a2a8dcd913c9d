import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { NodeType } from '@troupe/sdk/plugin'

/** The part of a flow the graph code reads: a saved flow, or a draft being edited. */
export interface FlowShape {
  nodes: readonly FlowNode[]
  edges: readonly FlowEdge[]
}

/** What the graph code needs of a node type; a registered `NodeType` satisfies it. */
export type NodeTypeShape = Pick<NodeType, 'type' | 'params' | 'inputs' | 'outputs' | 'trigger'>

/**
 * The node types a tenant can use, by type name and version (1 when a node names none);
 * `undefined` for a type or version no plugin provides. `versionsOf` lists the loaded versions.
 */
export type NodeTypeLookup = ((type: string, version?: number) => NodeTypeShape | undefined) & { versionsOf?(type: string): number[] }
