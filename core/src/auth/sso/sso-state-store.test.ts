import { describe, expect, it } from 'vitest'
import { MemorySsoStateStore } from './sso-state-store.js'

const pending = { tenantId: 't', codeVerifier: 'v', nonce: 'n', browserHash: 'h', redirectUri: 'http://x/cb' }

describe('MemorySsoStateStore', () => {
  it('gives a pending login once', async () => {
    const store = new MemorySsoStateStore()
    await store.put('s1', pending, 60_000)
    expect(await store.take('s1')).toEqual(pending)
    expect(await store.take('s1')).toBeUndefined()
  })

  it('forgets a pending login after its time to live', async () => {
    const store = new MemorySsoStateStore()
    await store.put('s2', pending, 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await store.take('s2')).toBeUndefined()
  })
})
