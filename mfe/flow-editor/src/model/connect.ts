import type { FlowEdge, NodeTypeInfo } from '@troupe/sdk'
import type { Graph } from './graph.ts'

export interface Connection {
  source: string
  target: string
  sourceHandle?: string | null
  targetHandle?: string | null
}

export type TypeLookup = (type: string) => NodeTypeInfo | undefined

/**
 * The edge a connection drawn on the canvas becomes, or why it is refused. A handle is kept only
 * when the node type has several ports on that side (the API requires it then).
 */
export function connectionToEdge(graph: Graph, connection: Connection, typeOf: TypeLookup): { edge: FlowEdge } | { refused: string } {
  const source = graph.nodes.find((node) => node.id === connection.source)
  const target = graph.nodes.find((node) => node.id === connection.target)
  if (!source || !target) return { refused: 'Both ends must be nodes of this flow' }
  if (source.id === target.id) return { refused: 'A node cannot feed itself' }
  const sourceType = typeOf(source.type)
  const targetType = typeOf(target.type)
  if (sourceType && sourceType.outputs.length === 0) return { refused: `${sourceType.displayName} has no output` }
  if (targetType && targetType.inputs.length === 0) return { refused: `${targetType.displayName} has no input` }

  const sourceHandle = sourceType && sourceType.outputs.length > 1 ? (connection.sourceHandle ?? undefined) : undefined
  const targetHandle = targetType && targetType.inputs.length > 1 ? (connection.targetHandle ?? undefined) : undefined
  const duplicate = graph.edges.some(
    (edge) => edge.source === source.id && edge.target === target.id && edge.sourceHandle === sourceHandle && edge.targetHandle === targetHandle
  )
  if (duplicate) return { refused: 'These nodes are already connected' }

  const id = uniqueEdgeId(graph, `${source.id}-${sourceHandle ? `${sourceHandle}-` : ''}${target.id}`)
  const edge: FlowEdge = { id, source: source.id, target: target.id }
  if (sourceHandle) edge.sourceHandle = sourceHandle
  if (targetHandle) edge.targetHandle = targetHandle
  return { edge }
}

function uniqueEdgeId(graph: Graph, base: string): string {
  const taken = new Set(graph.edges.map((edge) => edge.id))
  if (!taken.has(base)) return base
  let n = 2
  while (taken.has(`${base}_${n}`)) n++
  return `${base}_${n}`
}
