import type { FlowEdge, FlowNode, NodeStatus, NodeTypeInfo } from '@troupe/sdk'
import type { PlacedErrors } from './validation-errors.ts'

/** What a node card shows. */
export interface CanvasNodeData {
  label: string
  type: string
  typeLabel: string
  category: string
  trigger: boolean
  inputs: string[]
  outputs: string[]
  status?: NodeStatus
  errors: string[]
  /** What is wrong as drawn, before any save (`liveProblems`): shown as warnings. */
  problems: string[]
}

/** A node as the canvas draws it (the shape Vue Flow takes). */
export interface CanvasNode {
  id: string
  type: 'troupe'
  position: { x: number; y: number }
  selected: boolean
  data: CanvasNodeData
}

export interface CanvasEdge {
  id: string
  source: string
  target: string
  sourceHandle: string
  targetHandle: string
  label?: string
  class?: string
  animated: boolean
}

const fallbackPosition = (index: number) => ({ x: 80 + (index % 4) * 240, y: 80 + Math.floor(index / 4) * 140 })

/** Maps the flow's nodes, with run statuses and validation errors, to canvas nodes. */
export function toCanvasNodes(
  nodes: FlowNode[],
  types: Map<string, NodeTypeInfo>,
  statuses: Record<string, NodeStatus>,
  errors: PlacedErrors,
  /** The nodes chosen on the canvas. */
  selectedIds: readonly string[],
  /** Live problems by node id. */
  problems: Record<string, string[]> = {}
): CanvasNode[] {
  return nodes.map((node, index) => {
    const type = types.get(node.type)
    const nodeErrors = errors.nodes[node.id]
    return {
      id: node.id,
      type: 'troupe',
      position: node.position ?? fallbackPosition(index),
      selected: selectedIds.includes(node.id),
      data: {
        label: node.label || node.id,
        type: node.type,
        typeLabel: type?.displayName ?? node.type,
        category: type?.category ?? 'Unknown',
        trigger: type?.trigger ?? false,
        inputs: type ? type.inputs.map((port) => port.name) : ['main'],
        outputs: type ? type.outputs.map((port) => port.name) : ['main'],
        status: statuses[node.id],
        errors: nodeErrors
          ? [...nodeErrors.node, ...Object.entries({ ...nodeErrors.params, ...nodeErrors.settings }).map(([field, message]) => `${field}: ${message}`)]
          : [],
        problems: problems[node.id] ?? []
      }
    }
  })
}

/** Maps edges to canvas edges: handles filled in, labelled by branch, marked when invalid or flowing. */
export function toCanvasEdges(
  edges: FlowEdge[],
  types: Map<string, NodeTypeInfo>,
  nodes: FlowNode[],
  statuses: Record<string, NodeStatus>,
  errors: PlacedErrors
): CanvasEdge[] {
  const typeOf = (id: string) => types.get(nodes.find((node) => node.id === id)?.type ?? '')
  return edges.map((edge) => {
    const sourceHandle = edge.sourceHandle ?? typeOf(edge.source)?.outputs[0]?.name ?? 'main'
    const targetHandle = edge.targetHandle ?? typeOf(edge.target)?.inputs[0]?.name ?? 'main'
    const multipleOutputs = (typeOf(edge.source)?.outputs.length ?? 0) > 1
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle,
      targetHandle,
      label: multipleOutputs ? sourceHandle : undefined,
      class: errors.edges[edge.id] ? 'edge--invalid' : undefined,
      animated: statuses[edge.source] === 'succeeded' && statuses[edge.target] === 'running'
    }
  })
}
