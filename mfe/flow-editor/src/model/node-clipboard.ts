import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { Graph } from './graph.ts'
import { newNodeId } from './new-node-id.ts'

/** A plain copy (the editor's graph is reactive: a proxy `structuredClone` refuses). */
const copyOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Nodes copied from a flow, as text on the clipboard: pasted into the same flow or another (another tab too). */
export interface NodesClip {
  format: 'troupe.nodes'
  version: 1
  nodes: FlowNode[]
  /** The edges between the copied nodes (an edge to a node left behind is not copied). */
  edges: FlowEdge[]
}

/** Where pasted nodes land: this far right and down of the copied ones, so they never cover them. */
export const pasteOffset = { x: 40, y: 40 }

/** The nodes `ids` of `graph`, with the edges between them, ready for the clipboard; undefined when none is in the graph. */
export function copyNodes(graph: Graph, ids: readonly string[]): NodesClip | undefined {
  const chosen = new Set(ids)
  const nodes = graph.nodes.filter((node) => chosen.has(node.id))
  if (nodes.length === 0) return undefined
  const edges = graph.edges.filter((edge) => chosen.has(edge.source) && chosen.has(edge.target))
  return copyOf({ format: 'troupe.nodes', version: 1, nodes, edges })
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The nodes clipboard text holds, or undefined for any other text (a paste of something else is no paste of nodes). */
export function readNodesClip(text: string): NodesClip | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isObject(parsed) || parsed.format !== 'troupe.nodes' || parsed.version !== 1 || !Array.isArray(parsed.nodes) || !Array.isArray(parsed.edges)) return undefined
  const nodes = parsed.nodes.filter((node): node is FlowNode => isObject(node) && typeof node.id === 'string' && typeof node.type === 'string')
  const ids = new Set(nodes.map((node) => node.id))
  const edges = parsed.edges.filter((edge): edge is FlowEdge => isObject(edge) && typeof edge.id === 'string' && ids.has(edge.source as string) && ids.has(edge.target as string))
  return nodes.length ? { format: 'troupe.nodes', version: 1, nodes, edges } : undefined
}

/**
 * The graph with `clip` pasted in: each node under an id not taken yet (its own when free, else
 * `<id>_2`, ...), `pasteOffset` from where it was, the copied edges between them renamed to match.
 * Answers the new graph and the pasted nodes' ids.
 */
export function pasteNodes(graph: Graph, clip: NodesClip): { graph: Graph; pasted: string[] } {
  const taken = new Set([...graph.nodes.map((node) => node.id)])
  const renamed = new Map<string, string>()
  const nodes = clip.nodes.map((node) => {
    const id = newNodeId(node.id, taken)
    taken.add(id)
    renamed.set(node.id, id)
    const position = { x: Math.round((node.position?.x ?? 0) + pasteOffset.x), y: Math.round((node.position?.y ?? 0) + pasteOffset.y) }
    return { ...copyOf(node), id, position }
  })
  const edgeIds = new Set(graph.edges.map((edge) => edge.id))
  const edges = clip.edges.map((edge) => {
    const source = renamed.get(edge.source)!
    const target = renamed.get(edge.target)!
    let id = `${source}-${edge.sourceHandle ? `${edge.sourceHandle}-` : ''}${target}`
    for (let n = 2; edgeIds.has(id); n++) id = `${source}-${target}_${n}`
    edgeIds.add(id)
    return { ...copyOf(edge), id, source, target }
  })
  return { graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, pasted: nodes.map((node) => node.id) }
}
