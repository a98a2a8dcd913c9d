import { describe, expect, it } from 'vitest'
import { valueSuggestions } from './value-suggestions.ts'

const graph = {
  nodes: [
    { id: 'manual', type: 'trigger.manual' },
    { id: 'fetch', type: 'tool.call' },
    { id: 'side', type: 'util.delay' },
    { id: 'answer', type: 'llm.prompt' }
  ],
  edges: [
    { id: 'a', source: 'manual', target: 'fetch' },
    { id: 'b', source: 'fetch', target: 'answer' },
    { id: 'c', source: 'manual', target: 'side' }
  ]
}

describe('valueSuggestions', () => {
  it('offers the input and the outputs of the nodes upstream only, before any run', () => {
    expect(valueSuggestions(graph, 'answer')).toEqual(['input', 'nodes.fetch.output', 'nodes.manual.output'])
    expect(valueSuggestions(graph, 'manual')).toEqual(['input'])
  })

  it("goes into the last run's values a level or two, by names a template can read", () => {
    const lastRun = {
      input: { city: 'Oslo', when: { day: 'mon', hour: { h: 9 } } },
      outputs: { fetch: { status: 200, body: { items: [1, 2] }, 'content-type': 'json' }, manual: { city: 'Oslo' } }
    }
    expect(valueSuggestions(graph, 'answer', lastRun)).toEqual([
      'input',
      'input.city',
      'input.when',
      'input.when.day',
      'input.when.hour',
      'nodes.fetch.output',
      'nodes.fetch.output.status',
      'nodes.fetch.output.body',
      'nodes.fetch.output.body.items',
      'nodes.manual.output',
      'nodes.manual.output.city'
    ])
  })
})
