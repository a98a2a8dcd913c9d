import { describe, expect, it } from 'vitest'
import type { FlowNode } from '@troupe/sdk'
import { drawGraph, nodeBox } from './graph-drawing.ts'

const at = (id: string, x: number, y: number, extra: Partial<FlowNode> = {}): FlowNode => ({ id, type: 'test.node', params: {}, position: { x, y }, ...extra })

describe('drawGraph', () => {
  it('keeps the editor\'s layout, shifted to the margin, and sizes the drawing to fit', () => {
    const drawing = drawGraph([at('a', 100, 200, { label: 'Start' }), at('b', 400, 260)], [{ id: 'e', source: 'a', target: 'b' }])
    expect(drawing.nodes).toEqual([
      { id: 'a', label: 'Start', type: 'test.node', x: 24, y: 24 },
      { id: 'b', label: 'b', type: 'test.node', x: 324, y: 84 }
    ])
    expect(drawing.width).toBe(324 + nodeBox.width + 24)
    expect(drawing.height).toBe(84 + nodeBox.height + 24)
  })

  it('draws edges from the source\'s right side to the target\'s left side, labelled by branch', () => {
    const drawing = drawGraph(
      [at('if', 0, 0), at('yes', 300, 0), at('no', 300, 100)],
      [
        { id: 'y', source: 'if', target: 'yes', sourceHandle: 'true' },
        { id: 'n', source: 'if', target: 'no', sourceHandle: 'false' }
      ]
    )
    const [yes, no] = drawing.edges
    expect(yes!.path.startsWith(`M ${24 + nodeBox.width} ${24 + nodeBox.height / 2} `)).toBe(true)
    expect(yes!.path.endsWith(`, 324 ${24 + nodeBox.height / 2}`)).toBe(true)
    expect([yes!.label, no!.label]).toEqual(['true', 'false'])
  })

  it('places nodes saved without a position where the editor does', () => {
    const drawing = drawGraph([{ id: 'a', type: 't' }, { id: 'b', type: 't' }, at('c', 80, 220)], [])
    expect(drawing.nodes.map((node) => [node.id, node.x, node.y])).toEqual([
      ['a', 24, 24],
      ['b', 264, 24],
      ['c', 24, 164]
    ])
  })

  it('skips edges to nodes that are not in the graph, and draws nothing for an empty one', () => {
    expect(drawGraph([at('a', 0, 0)], [{ id: 'e', source: 'a', target: 'gone' }]).edges).toEqual([])
    expect(drawGraph([], [])).toEqual({ width: 0, height: 0, nodes: [], edges: [] })
  })
})
