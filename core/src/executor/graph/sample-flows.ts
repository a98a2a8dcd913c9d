import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { FlowShape, NodeTypeLookup, NodeTypeShape } from './flow-shapes.js'

// Node types and a flow shorthand for the executor's unit tests.

const main = [{ name: 'main' }]

const sampleTypes: NodeTypeShape[] = [
  { type: 'test.trigger', params: { type: 'object' }, inputs: [], outputs: main, trigger: true },
  {
    type: 'test.delay',
    params: {
      type: 'object',
      properties: { ms: { type: 'integer', minimum: 0 }, note: { type: 'string', maxLength: 10 } },
      required: ['ms'],
      additionalProperties: false
    },
    inputs: main,
    outputs: main
  },
  { type: 'test.step', params: { type: 'object' }, inputs: main, outputs: main },
  {
    type: 'logic.condition',
    params: { type: 'object', properties: { expression: { type: 'string', 'x-troupe-expression': true } } },
    inputs: main,
    outputs: [{ name: 'true' }, { name: 'false' }]
  },
  { type: 'test.sink', params: { type: 'object' }, inputs: main, outputs: [] },
  { type: 'test.source', params: { type: 'object' }, inputs: [], outputs: [{ name: 'out' }] }
]

export const sampleLookup: NodeTypeLookup = (type) => sampleTypes.find((nodeType) => nodeType.type === type)

/**
 * A flow from shorthand: nodes as `id: type` (or a full node), edges as `a->b` or `a:true->b`
 * (a `sourceHandle`), ids `e0`, `e1`, ... in order.
 */
export function sampleFlow(nodes: Record<string, string | Omit<FlowNode, 'id'>>, edges: string[] = []): FlowShape {
  return {
    nodes: Object.entries(nodes).map(([id, node]) => (typeof node === 'string' ? { id, type: node } : { id, ...node })),
    edges: edges.map((text, index): FlowEdge => {
      const [from, target] = text.split('->')
      const [source, sourceHandle] = from.split(':')
      return { id: `e${index}`, source, target, ...(sourceHandle === undefined ? {} : { sourceHandle }) }
    })
  }
}
