import { describe, expect, it } from 'vitest'
import { nodeStatuses } from './node-statuses.ts'

describe('nodeStatuses', () => {
  it('starts every node pending and follows the events in seq order', () => {
    const events = [
      { seq: 3, type: 'node.completed', nodeId: 'a' },
      { seq: 1, type: 'execution.started', nodeId: null },
      { seq: 2, type: 'node.started', nodeId: 'a' },
      { seq: 4, type: 'node.started', nodeId: 'b' },
      { seq: 5, type: 'token', nodeId: 'b' },
      { seq: 6, type: 'node.skipped', nodeId: 'c' }
    ]
    expect(nodeStatuses(['a', 'b', 'c', 'd'], events)).toEqual({ a: 'succeeded', b: 'running', c: 'skipped', d: 'pending' })
  })

  it('shows failures and cancellations', () => {
    const events = [
      { seq: 1, type: 'node.started', nodeId: 'a' },
      { seq: 2, type: 'node.failed', nodeId: 'a' },
      { seq: 3, type: 'node.cancelled', nodeId: 'b' }
    ]
    expect(nodeStatuses(['a', 'b'], events)).toEqual({ a: 'failed', b: 'cancelled' })
  })
})
