import { describe, expect, it } from 'vitest'
import { budgetsOf, RateLimiters } from './rate-limiters.js'

const limiters = (requestsPerMinute: number) => new RateLimiters({ requestsPerMinute, loginAttemptsPer15Minutes: 3, namespace: 'test' })

describe('budgetsOf', () => {
  it('charges a call to its user, and to its API key as well when it came with one', () => {
    expect(budgetsOf({ userId: 'u1' })).toEqual(['user:u1'])
    expect(budgetsOf({ userId: 'u1', apiKeyId: 'k1' })).toEqual(['user:u1', 'key:k1'])
  })
})

describe('RateLimiters.callOf', () => {
  it('lets the keys of one user share that user\'s budget', async () => {
    const rate = limiters(4)
    const outcomes: Array<number | 'ok'> = []
    for (let call = 0; call < 6; call++) {
      outcomes.push(await rate.callOf({ userId: 'u1', apiKeyId: `k${call}` }).then(() => 'ok' as const, (error: { code: number }) => error.code))
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 429, 429])
    await expect(rate.callOf({ userId: 'u1' })).rejects.toMatchObject({ code: 429 })
    await expect(rate.callOf({ userId: 'u2', apiKeyId: 'k0' })).resolves.toBeUndefined()
  })
})

describe('failed attempts without an account', () => {
  it('count against the IP only, and refuse the IP once used up', async () => {
    const rate = limiters(100)
    for (let attempt = 0; attempt < 15; attempt++) await rate.loginFailed(undefined, '203.0.113.9')
    await expect(rate.assertLoginAllowed(undefined, '203.0.113.9')).rejects.toMatchObject({ code: 429 })
    await expect(rate.assertLoginAllowed('someone@example.test', '203.0.113.10')).resolves.toBeUndefined()
  })
})
