import { describe, expect, it } from 'vitest'
import { describeDiff, graphDiff } from './graph-diff.ts'

const v1 = {
  nodes: [
    { id: 'manual', type: 'trigger.manual', position: { x: 0, y: 0 } },
    { id: 'delay', type: 'util.delay', params: { ms: 100 }, position: { x: 200, y: 0 } }
  ],
  edges: [{ id: 'manual-delay', source: 'manual', target: 'delay' }]
}

describe('graphDiff', () => {
  it('names the nodes added, removed and changed, and counts the connections', () => {
    const v2 = {
      nodes: [
        { id: 'manual', type: 'trigger.manual', position: { x: 50, y: 90 } },
        { id: 'delay', type: 'util.delay', params: { ms: 500 }, position: { x: 200, y: 0 } },
        { id: 'output', type: 'flow.output', position: { x: 400, y: 0 } }
      ],
      edges: [
        { id: 'manual-delay', source: 'manual', target: 'delay' },
        { id: 'delay-output', source: 'delay', target: 'output' }
      ]
    }
    const diff = graphDiff(v1, v2)
    expect(diff).toEqual({ addedNodes: ['output'], removedNodes: [], changedNodes: ['delay'], addedEdges: 1, removedEdges: 0 })
    expect(describeDiff(diff)).toBe('1 node added (output) · 1 node changed (delay) · 1 connection added')
    expect(describeDiff(graphDiff(v2, v1))).toBe('1 node removed (output) · 1 node changed (delay) · 1 connection removed')
  })

  it('sees no change in a move, key order or an edge renamed', () => {
    const moved = {
      nodes: [
        { position: { x: 9, y: 9 }, type: 'trigger.manual', id: 'manual' },
        { params: { ms: 100 }, id: 'delay', type: 'util.delay' }
      ],
      edges: [{ id: 'other-name', source: 'manual', target: 'delay' }]
    }
    expect(describeDiff(graphDiff(v1, moved))).toBe('The same graph')
  })

  it("sees no change between the editor's nodes and the server's copy (empty params, the version it adds), but a version change between two saved ones", () => {
    const editor = { nodes: [{ id: 'manual', type: 'trigger.manual', params: {}, position: { x: 0, y: 0 } }], edges: [] }
    const saved = { nodes: [{ id: 'manual', type: 'trigger.manual', typeVersion: 1 }], edges: [] }
    expect(describeDiff(graphDiff(editor, saved))).toBe('The same graph')
    const upgraded = { nodes: [{ id: 'manual', type: 'trigger.manual', typeVersion: 2 }], edges: [] }
    expect(describeDiff(graphDiff(saved, upgraded))).toBe('1 node changed (manual)')
  })
})
