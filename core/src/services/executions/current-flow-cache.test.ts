import { describe, expect, it } from 'vitest'
import type { Flow } from '@troupe/sdk'
import type { Principal } from '../../declarations.js'
import { CurrentFlowCache } from './current-flow-cache.js'

const principal = (tenantSchema: string) => ({ userId: 'u', tenantId: 't', tenantSchema, role: 'member' }) as Principal

describe('CurrentFlowCache', () => {
  it('reads a flow once per tenant, and again when asked for a fresh copy', async () => {
    let version = 1
    const loaded: string[] = []
    const cache = new CurrentFlowCache(async (flowId, who) => {
      loaded.push(`${who.tenantSchema}/${flowId}`)
      return { id: flowId, version } as Flow
    })
    expect((await cache.get(principal('a'), 'f'))?.version).toBe(1)
    version = 2
    expect((await cache.get(principal('a'), 'f'))?.version).toBe(1)
    expect((await cache.get(principal('a'), 'f', true))?.version).toBe(2)
    expect((await cache.get(principal('a'), 'f'))?.version).toBe(2)
    await cache.get(principal('b'), 'f')
    expect(loaded).toEqual(['a/f', 'a/f', 'b/f'])
  })

  it('forgets a flow that is gone', async () => {
    let exists = true
    const cache = new CurrentFlowCache(async (flowId) => (exists ? ({ id: flowId, version: 1 } as Flow) : undefined))
    await cache.get(principal('a'), 'f')
    exists = false
    expect(await cache.get(principal('a'), 'f', true)).toBeUndefined()
    expect(await cache.get(principal('a'), 'f')).toBeUndefined()
  })
})
