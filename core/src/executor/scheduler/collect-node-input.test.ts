import { describe, expect, it } from 'vitest'
import { compileFlow } from '../graph/compile-flow.js'
import { sampleFlow, sampleLookup } from '../graph/sample-flows.js'
import { collectNodeInput } from './collect-node-input.js'
import type { NodeState } from './node-state.js'

const succeeded = (...ids: string[]) => new Map<string, NodeState>(ids.map((id) => [id, { status: 'succeeded' }]))

describe('collectNodeInput', () => {
  const diamond = compileFlow(
    sampleFlow({ t: 'test.trigger', left: 'test.step', right: 'test.step', join: 'test.sink' }, [
      't->left',
      't->right',
      'left->join',
      'right->join'
    ]),
    sampleLookup
  )
  const outputs = new Map<string, unknown>([
    ['t', { topic: 'cats' }],
    ['left', 'L'],
    ['right', { n: 2 }]
  ])

  it('gives a root nothing', () => {
    expect(collectNodeInput(diamond, 't', outputs, new Map())).toBeUndefined()
  })

  it('passes the single upstream output as is', () => {
    expect(collectNodeInput(diamond, 'left', outputs, succeeded('t'))).toEqual({ topic: 'cats' })
  })

  it('keys a fan-in by upstream node id', () => {
    expect(collectNodeInput(diamond, 'join', outputs, succeeded('t', 'left', 'right'))).toEqual({
      left: 'L',
      right: { n: 2 }
    })
  })

  it('counts only active upstreams: a join after a branch gets the taken side as is', () => {
    const states = succeeded('t', 'left')
    states.set('right', { status: 'skipped' })
    expect(collectNodeInput(diamond, 'join', outputs, states)).toBe('L')
  })

  it('ignores edges from the port a condition did not take', () => {
    const graph = compileFlow(
      sampleFlow({ c: 'logic.condition', a: 'test.step', b: 'test.sink' }, ['c:true->b', 'c:false->a', 'a->b']),
      sampleLookup
    )
    const states = new Map<string, NodeState>([
      ['c', { status: 'succeeded', port: 'true' }],
      ['a', { status: 'skipped' }]
    ])
    expect(collectNodeInput(graph, 'b', new Map([['c', 'yes']]), states)).toBe('yes')
  })

  it('counts an upstream joined by two edges once', () => {
    const graph = compileFlow(
      sampleFlow({ c: 'logic.condition', b: 'test.sink' }, ['c:true->b', 'c:false->b']),
      sampleLookup
    )
    const states = new Map<string, NodeState>([['c', { status: 'succeeded' }]])
    expect(collectNodeInput(graph, 'b', new Map([['c', 42]]), states)).toBe(42)
  })

  it('keeps a node id like __proto__ as a plain key', () => {
    const graph = compileFlow(
      sampleFlow({ ['__proto__']: 'test.step', other: 'test.step', sink: 'test.sink' }, [
        '__proto__->sink',
        'other->sink'
      ]),
      sampleLookup
    )
    const input = collectNodeInput(
      graph,
      'sink',
      new Map<string, unknown>([
        ['__proto__', { polluted: true }],
        ['other', 1]
      ]),
      succeeded('__proto__', 'other')
    ) as Record<string, unknown>
    expect(Object.hasOwn(input, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a node that is not in the flow', () => {
    expect(() => collectNodeInput(diamond, 'nope', outputs, new Map())).toThrow(/no node "nope"/)
  })
})
