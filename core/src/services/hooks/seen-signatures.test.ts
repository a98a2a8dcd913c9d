import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { MemorySeenSignatures } from './seen-signatures.js'

describe('MemorySeenSignatures', () => {
  it('sees a signature first once, then as a replay until its time is up', async () => {
    const seen = new MemorySeenSignatures()
    expect(await seen.firstSighting('flow:abc', 50)).toBe(true)
    expect(await seen.firstSighting('flow:abc', 50)).toBe(false)
    expect(await seen.firstSighting('other-flow:abc', 50)).toBe(true)
    await sleep(80)
    expect(await seen.firstSighting('flow:abc', 50)).toBe(true)
  })
})
