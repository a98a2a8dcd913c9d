import { describe, expect, it } from 'vitest'
import { errorCount, placeValidationErrors } from './validation-errors.ts'

const sent = {
  nodes: [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'util.delay', params: { ms: 'soon' } }
  ],
  edges: [{ id: 'e1', source: 'start', target: 'gone' }]
}

describe('placeValidationErrors', () => {
  it('puts param errors on the node and field, edge errors on the edge, the rest on the flow', () => {
    const placed = placeValidationErrors(
      [
        { field: 'nodes.1.params.ms', message: 'must be integer' },
        { field: 'nodes.0.type', message: 'unknown node type "foo"' },
        { field: 'edges.0.target', message: 'unknown node "gone"' },
        { field: '', message: 'cycle: a → b → a' },
        { field: 'name', message: 'must NOT have fewer than 1 characters' }
      ],
      sent
    )
    expect(placed.nodes).toEqual({
      wait: { node: [], params: { ms: 'must be integer' }, settings: {} },
      start: { node: ['type unknown node type "foo"'], params: {}, settings: {} }
    })
    expect(placed.edges).toEqual({ e1: ['target unknown node "gone"'] })
    expect(placed.flow).toEqual(['cycle: a → b → a', 'name must NOT have fewer than 1 characters'])
    expect(errorCount(placed)).toBe(5)
  })

  it('puts timeout and retry errors on the node\'s settings fields', () => {
    const placed = placeValidationErrors(
      [
        { field: 'nodes.0.timeoutMs', message: 'must be >= 1' },
        { field: 'nodes.1.retry.max', message: 'must be <= 20' },
        { field: 'nodes.1.retry.backoffMs', message: 'must be integer' },
        { field: 'nodes.0.retry', message: 'must NOT have additional properties' }
      ],
      sent
    )
    expect(placed.nodes).toEqual({
      start: { node: [], params: {}, settings: { timeoutMs: 'must be >= 1', 'retry.max': 'must NOT have additional properties' } },
      wait: { node: [], params: {}, settings: { 'retry.max': 'must be <= 20', 'retry.backoffMs': 'must be integer' } }
    })
    expect(errorCount(placed)).toBe(4)
  })

  it('keeps errors about indexes that are not in the sent graph on the flow', () => {
    expect(placeValidationErrors([{ field: 'nodes.7.params.x', message: 'bad' }], sent).flow).toEqual(['nodes.7.params.x bad'])
  })
})
