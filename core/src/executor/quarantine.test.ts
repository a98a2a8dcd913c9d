import { describe, expect, it } from 'vitest'
import { isQuarantined, quarantineReason } from './quarantine.js'

describe('isQuarantined', () => {
  it('lets an execution be taken over up to the limit, and not once more', () => {
    expect(isQuarantined(0, 2)).toBe(false)
    expect(isQuarantined(2, 2)).toBe(false)
    expect(isQuarantined(3, 2)).toBe(true)
    expect(isQuarantined(1, 0)).toBe(true)
  })
})

describe('quarantineReason', () => {
  it.each([
    [3, ['t3'], 'Quarantined: the execution stopped its runner 3 times while node "t3" was running; it will not be retried'],
    [1, ['a', 'b'], 'Quarantined: the execution stopped its runner once while nodes "a", "b" were running; it will not be retried'],
    [2, [], 'Quarantined: the execution stopped its runner 2 times (no node had been stored as running); it will not be retried']
  ])('after %d takeovers with %j running', (takeovers, running, reason) => {
    expect(quarantineReason(takeovers, running)).toBe(reason)
  })
})
