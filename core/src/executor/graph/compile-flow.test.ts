import { describe, expect, it } from 'vitest'
import { compileFlow } from './compile-flow.js'
import { sampleFlow, sampleLookup } from './sample-flows.js'

describe('compileFlow', () => {
  const diamond = sampleFlow(
    { t: 'test.trigger', c: 'logic.condition', yes: 'test.step', no: 'test.step', join: 'test.sink' },
    ['t->c', 'c:true->yes', 'c:false->no', 'yes->join', 'no->join']
  )

  it('gives each node its type and its edges both ways', () => {
    const graph = compileFlow(diamond, sampleLookup)
    const c = graph.nodes.get('c')!
    expect(c.node).toEqual({ id: 'c', type: 'logic.condition' })
    expect(c.nodeType.type).toBe('logic.condition')
    expect(c.incoming).toEqual([{ id: 'e0', source: 't', target: 'c', sourceHandle: 'main' }])
    expect(c.outgoing.map((edge) => [edge.target, edge.sourceHandle])).toEqual([
      ['yes', 'true'],
      ['no', 'false']
    ])
    expect(graph.nodes.get('join')!.incoming.map((edge) => edge.source)).toEqual(['yes', 'no'])
    expect(graph.nodes.get('t')!.incoming).toEqual([])
  })

  it("resolves an omitted sourceHandle to the source's only output", () => {
    const graph = compileFlow(sampleFlow({ s: 'test.source', a: 'test.step' }, ['s->a']), sampleLookup)
    expect(graph.nodes.get('a')!.incoming[0].sourceHandle).toBe('out')
  })

  it('orders upstream before downstream, ties by position in the flow', () => {
    expect(compileFlow(diamond, sampleLookup).order).toEqual(['t', 'c', 'yes', 'no', 'join'])
    const swapped = sampleFlow(
      { t: 'test.trigger', c: 'logic.condition', no: 'test.step', yes: 'test.step', join: 'test.sink' },
      ['no->join', 'yes->join', 'c:false->no', 'c:true->yes', 't->c']
    )
    expect(compileFlow(swapped, sampleLookup).order).toEqual(['t', 'c', 'no', 'yes', 'join'])
  })

  it('among the nodes ready together, takes the one listed first', () => {
    const flow = sampleFlow({ z: 'test.step', y: 'test.step', x: 'test.step', w: 'test.step' }, ['x->z', 'y->x'])
    expect(compileFlow(flow, sampleLookup).order).toEqual(['y', 'x', 'z', 'w'])
  })

  it('gives the same order on every compile', () => {
    const orders = new Set(Array.from({ length: 5 }, () => compileFlow(diamond, sampleLookup).order.join()))
    expect(orders.size).toBe(1)
  })

  it('is frozen and detached from the flow it came from', () => {
    const flow = sampleFlow({ a: { type: 'test.delay', params: { ms: 1 } }, b: 'test.step' }, ['a->b'])
    const graph = compileFlow(flow, sampleLookup)
    ;(flow.nodes[0].params as { ms: number }).ms = 99
    expect(graph.nodes.get('a')!.node.params).toEqual({ ms: 1 })
    expect(Object.isFrozen(graph)).toBe(true)
    expect(Object.isFrozen(graph.order)).toBe(true)
    expect(Object.isFrozen(graph.nodes.get('a'))).toBe(true)
    expect(Object.isFrozen(graph.nodes.get('a')!.node.params)).toBe(true)
    expect(Object.isFrozen(graph.nodes.get('a')!.outgoing)).toBe(true)
    expect(Object.isFrozen(graph.nodes.get('b')!.incoming[0])).toBe(true)
  })

  it('compiles an empty draft', () => {
    const graph = compileFlow({ nodes: [], edges: [] }, sampleLookup)
    expect(graph.order).toEqual([])
    expect(graph.nodes.size).toBe(0)
  })

  it('refuses what validation would have refused', () => {
    expect(() => compileFlow(sampleFlow({ a: 'no.such' }), sampleLookup)).toThrow(/unknown node type "no.such"/)
    expect(() => compileFlow(sampleFlow({ a: 'test.step' }, ['a->b']), sampleLookup)).toThrow(/names no node/)
    expect(() => compileFlow(sampleFlow({ a: 'test.step', b: 'test.step' }, ['a->b', 'b->a']), sampleLookup)).toThrow(
      /cycle/
    )
  })
})
