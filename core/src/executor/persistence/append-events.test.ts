import { describe, expect, it } from 'vitest'
import { EventAppendError, appendWithRetries } from './append-events.js'

describe('appendWithRetries', () => {
  it('tries again after a failure, and is done at the first success', async () => {
    let calls = 0
    await appendWithRetries(async () => {
      if (++calls < 3) throw new Error('not now')
    }, [0, 0, 0])
    expect(calls).toBe(3)
  })

  it('gives up with the last error once the waits are spent', async () => {
    let calls = 0
    const failing = appendWithRetries(async () => {
      calls++
      throw new Error(`failure ${calls}`)
    }, [0, 0])
    await expect(failing).rejects.toThrow('failure 3')
  })
})

describe('EventAppendError', () => {
  it('names the store failure and keeps it as the cause', () => {
    const cause = new Error('connection reset')
    const error = new EventAppendError(cause)
    expect(error.message).toMatch(/did not take the execution's events: connection reset/)
    expect(error.cause).toBe(cause)
  })
})
