import { describe, expect, it } from 'vitest'
import { copyNodes, pasteNodes, readNodesClip } from './node-clipboard.ts'

const graph = {
  nodes: [
    { id: 'manual', type: 'trigger.manual', position: { x: 0, y: 0 } },
    { id: 'delay', type: 'util.delay', params: { ms: 200 }, label: 'Wait', position: { x: 200, y: 0 } },
    { id: 'output', type: 'flow.output', position: { x: 400, y: 0 } }
  ],
  edges: [
    { id: 'manual-delay', source: 'manual', target: 'delay' },
    { id: 'delay-output', source: 'delay', target: 'output' }
  ]
}

describe('node clipboard', () => {
  it('copies the chosen nodes with the edges between them only', () => {
    const clip = copyNodes(graph, ['delay', 'output'])!
    expect(clip.nodes.map((node) => node.id)).toEqual(['delay', 'output'])
    expect(clip.edges).toEqual([{ id: 'delay-output', source: 'delay', target: 'output' }])
    expect(copyNodes(graph, ['nope'])).toBeUndefined()
  })

  it('pastes copies beside the originals, under free ids, with their edges renamed to match, as text and back', () => {
    const clip = readNodesClip(JSON.stringify(copyNodes(graph, ['delay', 'output'])))!
    const { graph: next, pasted } = pasteNodes(graph, clip)
    expect(pasted).toEqual(['delay_2', 'output_2'])
    expect(next.nodes.slice(3)).toEqual([
      { id: 'delay_2', type: 'util.delay', params: { ms: 200 }, label: 'Wait', position: { x: 240, y: 40 } },
      { id: 'output_2', type: 'flow.output', position: { x: 440, y: 40 } }
    ])
    expect(next.edges.slice(2)).toEqual([{ id: 'delay_2-output_2', source: 'delay_2', target: 'output_2' }])
    // Into another flow where the ids are free, they are kept.
    expect(pasteNodes({ nodes: [], edges: [] }, clip).pasted).toEqual(['delay', 'output'])
    // The original is not changed, and pasting twice gives new ids again.
    expect(graph.nodes).toHaveLength(3)
    expect(pasteNodes(next, clip).pasted).toEqual(['delay_3', 'output_3'])
  })

  it('reads no nodes from other text, and drops parts that are not nodes or edges between them', () => {
    expect(readNodesClip('hello')).toBeUndefined()
    expect(readNodesClip('{"format":"troupe.flow","version":1}')).toBeUndefined()
    expect(readNodesClip(JSON.stringify({ format: 'troupe.nodes', version: 1, nodes: [], edges: [] }))).toBeUndefined()
    const mixed = { format: 'troupe.nodes', version: 1, nodes: [{ id: 'a', type: 't.a' }, { id: 7 }, 'x'], edges: [{ id: 'e', source: 'a', target: 'gone' }] }
    expect(readNodesClip(JSON.stringify(mixed))).toEqual({ format: 'troupe.nodes', version: 1, nodes: [{ id: 'a', type: 't.a' }], edges: [] })
  })
})
