import { describe, expect, it } from 'vitest'
import { readPinText, testRunOutputs } from './test-run-data.ts'

describe('test run data', () => {
  it('sends the last run\'s outputs of the other nodes that succeeded, pins winning, never the tested node\'s own', () => {
    const lastRuns = [
      { nodeId: 'in', status: 'succeeded', output: { n: 1 } },
      { nodeId: 'fetch', status: 'succeeded', output: { items: [] } },
      { nodeId: 'broken', status: 'failed', output: undefined },
      { nodeId: 'skipped', status: 'skipped' },
      { nodeId: 'tested', status: 'succeeded', output: 'old' }
    ]
    expect(testRunOutputs('tested', lastRuns, { fetch: { items: [1] }, tested: 'pinned', other: null })).toEqual({ in: { n: 1 }, fetch: { items: [1] }, other: null })
  })

  it('reads a pin editor\'s text as JSON, naming what is wrong', () => {
    expect(readPinText(' {"a": 1} ')).toEqual({ value: { a: 1 } })
    expect(readPinText('null')).toEqual({ value: null })
    expect(readPinText('')).toEqual({ error: 'Write the output as JSON (null for none)' })
    expect(readPinText('{a:')).toMatchObject({ error: expect.stringMatching(/^Not valid JSON: /) })
  })
})
