import { describe, expect, it } from 'vitest'
import type { FieldError } from '../../validation/ajv.js'
import { sampleFlow, sampleLookup } from './sample-flows.js'
import type { FlowShape } from './flow-shapes.js'
import { validateFlow } from './validate-flow.js'

/** The field errors `validateFlow` throws, or `[]` when it accepts the flow. */
function problems(flow: FlowShape): FieldError[] {
  try {
    validateFlow(flow, sampleLookup)
    return []
  } catch (error) {
    const { code, data, message } = error as { code: number; data: FieldError[]; message: string }
    expect(code).toBe(400)
    expect(message).toMatch(/^Invalid flow: /)
    return data
  }
}

describe('validateFlow', () => {
  it('accepts an empty draft', () => {
    expect(problems({ nodes: [], edges: [] })).toEqual([])
  })

  it('accepts a trigger, a branch and a join', () => {
    const flow = sampleFlow(
      { start: 'test.trigger', check: 'logic.condition', yes: 'test.step', no: 'test.step', join: 'test.sink' },
      ['start->check', 'check:true->yes', 'check:false->no', 'yes->join', 'no->join']
    )
    expect(problems(flow)).toEqual([])
  })

  it('throws a BadRequest whose message names the field and the problem', () => {
    expect(() => validateFlow(sampleFlow({ a: 'test.step', b: 'foo.bar' }), sampleLookup)).toThrow(
      'Invalid flow: nodes.1.type unknown node type "foo.bar"'
    )
  })

  it('refuses duplicate node and edge ids', () => {
    const flow = sampleFlow({ a: 'test.step', b: 'test.step' }, ['a->b', 'a->b'])
    const nodes = [...flow.nodes, { id: 'a', type: 'test.step' }]
    const edges = flow.edges.map((edge) => ({ ...edge, id: 'same' }))
    expect(problems({ nodes, edges })).toEqual([
      { field: 'nodes.2.id', message: 'duplicate node id "a"' },
      { field: 'edges.1.id', message: 'duplicate edge id "same"' }
    ])
  })

  it('refuses edges from or to nodes that do not exist', () => {
    expect(problems(sampleFlow({ a: 'test.step' }, ['ghost->a', 'a->nobody']))).toEqual([
      { field: 'edges.0.source', message: 'unknown node "ghost"' },
      { field: 'edges.1.target', message: 'unknown node "nobody"' }
    ])
  })

  it('requires a sourceHandle naming an output when the source has several', () => {
    const flow = sampleFlow({ c: 'logic.condition', a: 'test.step', b: 'test.step' }, ['c->a', 'c:maybe->b'])
    expect(problems(flow)).toEqual([
      { field: 'edges.0.sourceHandle', message: 'is required: "c" has outputs true, false' },
      { field: 'edges.1.sourceHandle', message: 'unknown output "maybe" of "c"; expected one of: true, false' }
    ])
  })

  it('lets the sourceHandle of a single output be omitted, but not misnamed', () => {
    expect(problems(sampleFlow({ s: 'test.source', a: 'test.step' }, ['s->a', 's:out->a']))).toEqual([])
    expect(problems(sampleFlow({ s: 'test.source', a: 'test.step' }, ['s:main->a']))).toEqual([
      { field: 'edges.0.sourceHandle', message: 'unknown output "main" of "s"; expected one of: out' }
    ])
  })

  it('refuses a targetHandle that is not an input of the target', () => {
    const flow = sampleFlow({ a: 'test.step', b: 'test.step' }, ['a->b'])
    const edges = [{ ...flow.edges[0], targetHandle: 'side' }]
    expect(problems({ ...flow, edges })).toEqual([
      { field: 'edges.0.targetHandle', message: 'unknown input "side" of "b"; expected one of: main' }
    ])
    expect(problems({ ...flow, edges: [{ ...flow.edges[0], targetHandle: 'main' }] })).toEqual([])
  })

  it('refuses edges into a trigger, into a node with no inputs, and out of a node with no outputs', () => {
    const flow = sampleFlow({ t: 'test.trigger', a: 'test.step', end: 'test.sink', s: 'test.source' }, [
      'a->t',
      'end->a',
      'a->s'
    ])
    expect(problems(flow)).toEqual([
      { field: 'edges.0.target', message: '"t" is a trigger; no edge may lead into it' },
      { field: 'edges.1.source', message: '"end" (test.sink) has no outputs' },
      { field: 'edges.2.target', message: '"s" (test.source) has no inputs' }
    ])
  })

  it('allows at most one trigger', () => {
    expect(problems(sampleFlow({ a: 'test.trigger', x: 'test.step', b: 'test.trigger' }))).toEqual([
      { field: 'nodes', message: 'at most one trigger, found: a, b' }
    ])
  })

  it('names the nodes of a cycle in order', () => {
    const flow = sampleFlow({ t: 'test.trigger', a: 'test.step', b: 'test.step', c: 'test.step' }, [
      't->a',
      'a->b',
      'b->c',
      'c->a'
    ])
    expect(problems(flow)).toEqual([{ field: 'edges.3', message: 'cycle: a → b → c → a' }])
  })

  it('checks params against the node type, with their path', () => {
    const flow = sampleFlow({
      a: { type: 'test.delay', params: { ms: -5, note: 'far too long a note', color: 'red' } },
      b: { type: 'test.delay' }
    })
    expect(problems(flow)).toEqual([
      { field: 'nodes.0.params.color', message: 'is not allowed' },
      { field: 'nodes.0.params.ms', message: 'must be >= 0' },
      { field: 'nodes.0.params.note', message: 'must NOT have more than 10 characters' },
      { field: 'nodes.1.params.ms', message: 'is required' }
    ])
  })

  it('accepts a template for an integer param, and still judges the others', () => {
    expect(problems(sampleFlow({ a: { type: 'test.delay', params: { ms: '{{ input.ms }}' } } }))).toEqual([])
    expect(
      problems(sampleFlow({ a: { type: 'test.delay', params: { ms: '{{ input.ms }}', note: 12 } } }))
    ).toEqual([{ field: 'nodes.0.params.note', message: 'must be string' }])
    expect(problems(sampleFlow({ a: { type: 'test.delay', params: { ms: 'later' } } }))).toEqual([
      { field: 'nodes.0.params.ms', message: 'must be integer' }
    ])
  })

  it('lists every problem at once', () => {
    const flow = sampleFlow({ a: 'test.trigger', b: 'test.trigger', c: 'nope.nope', d: 'test.step' }, [
      'd->d',
      'c->ghost'
    ])
    expect(problems(flow).map((problem) => `${problem.field} ${problem.message}`)).toEqual([
      'nodes.2.type unknown node type "nope.nope"',
      'edges.1.target unknown node "ghost"',
      'nodes at most one trigger, found: a, b',
      'edges.0 cycle: d → d'
    ])
  })
})
