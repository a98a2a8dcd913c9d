import { describe, expect, it } from 'vitest'
import { interpolate, interpolateCrew } from './interpolate.js'
import { agent, crew } from './testing/definitions.js'

describe('interpolate', () => {
  it('fills placeholders from inputs and leaves unknown ones as written', () => {
    expect(interpolate('Research {topic} for {audience}, not {missing}', { topic: 'otters', audience: 'kids' })).toBe(
      'Research otters for kids, not {missing}'
    )
  })

  it('writes non-string values as JSON and never evaluates anything', () => {
    expect(interpolate('{n} items, tags {tags}, {flag}', { n: 3, tags: ['a', 'b'], flag: false })).toBe('3 items, tags ["a","b"], false')
    expect(interpolate('{constructor} {a+b} {toString}', { a: 1, b: 2 })).toBe('{constructor} {a+b} {toString}')
    expect(interpolate('JSON like {"topic": 1} stays', { topic: 'x' })).toBe('JSON like {"topic": 1} stays')
  })

  it("fills the crew's tasks and agent profiles without changing the original", () => {
    const original = crew({
      agents: [agent({ name: 'Writer', goal: 'Write about {topic}' })],
      tasks: [{ id: 't1', description: 'Explain {topic}', expectedOutput: 'A paragraph on {topic}' }]
    })
    const filled = interpolateCrew(original, { topic: 'otters' })
    expect(filled.tasks[0]).toMatchObject({ description: 'Explain otters', expectedOutput: 'A paragraph on otters' })
    expect(filled.agents[0].goal).toBe('Write about otters')
    expect(original.tasks[0].description).toBe('Explain {topic}')
  })
})
