import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { Graph } from './graph.ts'

/** How one graph differs from another, node by node (a node's position alone is no change). */
export interface GraphDiff {
  addedNodes: string[]
  removedNodes: string[]
  /** Nodes in both whose type, label, params or run settings differ. */
  changedNodes: string[]
  addedEdges: number
  removedEdges: number
}

/** `value` as JSON with every object's keys in order, so key order is no difference. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * What a node does, leaving out where it is drawn; empty params are none, and the type's version
 * counts only when both sides name one (a node added in the editor gets it when saved).
 */
function sameNode(a: FlowNode, b: FlowNode): boolean {
  const meaning = ({ position: _position, typeVersion, params, ...rest }: FlowNode, withVersion: boolean) =>
    canonical({ ...rest, ...(params && Object.keys(params).length ? { params } : {}), ...(withVersion ? { typeVersion } : {}) })
  const withVersion = a.typeVersion !== undefined && b.typeVersion !== undefined
  return meaning(a, withVersion) === meaning(b, withVersion)
}
const edgeKey = (edge: FlowEdge) => `${edge.source}|${edge.sourceHandle ?? ''}|${edge.target}|${edge.targetHandle ?? ''}`

/** What changes going from `from` to `to`. */
export function graphDiff(from: Graph, to: Graph): GraphDiff {
  const before = new Map(from.nodes.map((node) => [node.id, node]))
  const after = new Map(to.nodes.map((node) => [node.id, node]))
  const edgesBefore = new Set(from.edges.map(edgeKey))
  const edgesAfter = new Set(to.edges.map(edgeKey))
  return {
    addedNodes: [...after.keys()].filter((id) => !before.has(id)),
    removedNodes: [...before.keys()].filter((id) => !after.has(id)),
    changedNodes: [...after.entries()].filter(([id, node]) => before.has(id) && !sameNode(before.get(id)!, node)).map(([id]) => id),
    addedEdges: [...edgesAfter].filter((key) => !edgesBefore.has(key)).length,
    removedEdges: [...edgesBefore].filter((key) => !edgesAfter.has(key)).length
  }
}

/** The diff in words (`2 nodes added (a, b) · 1 changed (c) · 1 connection removed`), or that there is none. */
export function describeDiff(diff: GraphDiff): string {
  const nodes = (count: number, what: string, ids: string[]) => (count ? [`${count} node${count === 1 ? '' : 's'} ${what} (${ids.join(', ')})`] : [])
  const edges = (count: number, what: string) => (count ? [`${count} connection${count === 1 ? '' : 's'} ${what}`] : [])
  const parts = [
    ...nodes(diff.addedNodes.length, 'added', diff.addedNodes),
    ...nodes(diff.removedNodes.length, 'removed', diff.removedNodes),
    ...nodes(diff.changedNodes.length, 'changed', diff.changedNodes),
    ...edges(diff.addedEdges, 'added'),
    ...edges(diff.removedEdges, 'removed')
  ]
  return parts.length ? parts.join(' · ') : 'The same graph'
}
