import type { FlowEdge, FlowNode } from '@troupe/sdk'

/** The size of a node's box, close to the editor's node cards so the two read alike. */
export const nodeBox = { width: 180, height: 52 }
const margin = 24

export interface DrawnNode {
  id: string
  label: string
  type: string
  x: number
  y: number
}

export interface DrawnEdge {
  id: string
  source: string
  target: string
  /** SVG path from the source's right side to the target's left side, as the editor draws it. */
  path: string
  /** The output it leaves through when the source has several (`true`/`false` of a condition). */
  label?: string
  labelX: number
  labelY: number
}

export interface GraphDrawing {
  width: number
  height: number
  nodes: DrawnNode[]
  edges: DrawnEdge[]
}

/** Where the editor puts a node saved without a position, so both draw the same graph. */
const fallbackPosition = (index: number) => ({ x: 80 + (index % 4) * 240, y: 80 + Math.floor(index / 4) * 140 })

/**
 * Where to draw a flow's graph: nodes where the editor placed them (or would, for those saved
 * without a position), shifted so the drawing starts at its margin.
 */
export function drawGraph(nodes: FlowNode[], edges: FlowEdge[]): GraphDrawing {
  const positions = new Map(nodes.map((node, index) => [node.id, node.position ?? fallbackPosition(index)]))
  const all = [...positions.values()]
  const minX = all.length ? Math.min(...all.map((point) => point.x)) : 0
  const minY = all.length ? Math.min(...all.map((point) => point.y)) : 0
  const drawn: DrawnNode[] = nodes.map((node) => {
    const at = positions.get(node.id)!
    return { id: node.id, label: node.label || node.id, type: node.type, x: at.x - minX + margin, y: at.y - minY + margin }
  })
  const byId = new Map(drawn.map((node) => [node.id, node]))

  const links: DrawnEdge[] = []
  for (const edge of edges) {
    const from = byId.get(edge.source)
    const to = byId.get(edge.target)
    if (!from || !to) continue
    const x1 = from.x + nodeBox.width
    const y1 = from.y + nodeBox.height / 2
    const x2 = to.x
    const y2 = to.y + nodeBox.height / 2
    const bend = Math.max(40, Math.abs(x2 - x1) / 2)
    links.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      ...(edge.sourceHandle ? { label: edge.sourceHandle } : {}),
      labelX: (x1 + x2) / 2,
      labelY: (y1 + y2) / 2 - 6
    })
  }

  const width = drawn.length ? Math.max(...drawn.map((node) => node.x)) + nodeBox.width + margin : 0
  const height = drawn.length ? Math.max(...drawn.map((node) => node.y)) + nodeBox.height + margin : 0
  return { width, height, nodes: drawn, edges: links }
}
