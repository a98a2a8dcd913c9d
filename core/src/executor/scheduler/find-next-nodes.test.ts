import { describe, expect, it } from 'vitest'
import { compileFlow } from '../graph/compile-flow.js'
import { sampleFlow, sampleLookup } from '../graph/sample-flows.js'
import { findNextNodes } from './find-next-nodes.js'
import { findReadyNodes } from './find-ready-nodes.js'
import type { NodeState } from './node-state.js'

describe('findNextNodes', () => {
  it('agrees with findReadyNodes at every step of runs over branching graphs', () => {
    const flows = [
      sampleFlow(
        { in: 'test.trigger', if: 'logic.condition', yes: 'test.step', yes2: 'test.step', no: 'test.step', no2: 'test.step', join: 'test.step' },
        ['in->if', 'if:true->yes', 'yes->yes2', 'if:false->no', 'no->no2', 'yes2->join', 'no2->join']
      ),
      sampleFlow({ a: 'test.step', b: 'test.step', c: 'test.step', d: 'test.step' }, ['a->b', 'a->c', 'b->d', 'c->d'])
    ]
    for (const flow of flows) {
      for (const port of ['true', 'false']) {
        const graph = compileFlow(flow, sampleLookup)
        const states = new Map<string, NodeState>()
        let next = findNextNodes(graph, states)
        for (let step = 0; step < 20; step++) {
          const full = findReadyNodes(graph, states)
          expect(next).toEqual(full)
          if (!next.ready.length && !next.skip.length) break
          for (const id of next.skip) states.set(id, { status: 'skipped' })
          const changed = [...next.skip]
          const [first] = next.ready
          if (first) {
            const isCondition = graph.nodes.get(first)!.node.type === 'logic.condition'
            states.set(first, { status: 'succeeded', ...(isCondition ? { port } : {}) })
            changed.push(first)
          }
          const remaining = next.ready.slice(1)
          next = findNextNodes(graph, states, changed)
          next = { ready: [...new Set([...remaining, ...next.ready])].sort((a, b) => graph.order.indexOf(a) - graph.order.indexOf(b)), skip: next.skip }
        }
      }
    }
  })
})
