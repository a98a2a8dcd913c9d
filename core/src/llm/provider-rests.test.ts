import { describe, expect, it } from 'vitest'
import { ProviderRests } from './provider-rests.js'

describe('ProviderRests', () => {
  it('puts a rate-limited provider last for its tenant until the time asked, then back in its place', () => {
    const rests = new ProviderRests()
    const providers = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
    rests.rest('t1', 'a', 5_000, 1_000)
    expect(rests.order('t1', providers, 2_000).map((provider) => provider.id)).toEqual(['b', 'c', 'a'])
    expect(rests.order('t2', providers, 2_000).map((provider) => provider.id)).toEqual(['a', 'b', 'c'])
    expect(rests.order('t1', providers, 6_001).map((provider) => provider.id)).toEqual(['a', 'b', 'c'])
    rests.rest('t1', 'b', undefined, 0)
    expect(rests.resting('t1', 'b', 9_999)).toBe(true)
    expect(rests.resting('t1', 'b', 10_001)).toBe(false)
  })
})
