import { describe, expect, it } from 'vitest'
import { WebhookRateLimiter } from './webhook-rate-limiter.js'

const outcome = (promise: Promise<void>) =>
  promise.then(
    () => 'ok',
    (error: { code: number; data: { retryAfter: number } }) => `${error.code} after ${error.data.retryAfter > 0 && error.data.retryAfter <= 60 ? 'some seconds' : error.data.retryAfter}`
  )

describe('WebhookRateLimiter', () => {
  it("refuses a flow's calls past its limit without spending its tenant's budget on them", async () => {
    const limiter = new WebhookRateLimiter({ namespace: 'test' })
    const limits = { perFlow: 2, perTenant: 3 }
    const calls = []
    for (let call = 0; call < 5; call++) calls.push(await outcome(limiter.consume('tenant-a', 'flooded', limits)))
    expect(calls).toEqual(['ok', 'ok', '429 after some seconds', '429 after some seconds', '429 after some seconds'])
    expect(await outcome(limiter.consume('tenant-a', 'other', limits))).toBe('ok')
    expect(await outcome(limiter.consume('tenant-a', 'third', limits))).toBe('429 after some seconds')
  })

  it('keeps tenants apart, each with its own limits', async () => {
    const limiter = new WebhookRateLimiter({ namespace: 'test' })
    for (let call = 0; call < 3; call++) await outcome(limiter.consume('tenant-a', `a-${call}`, { perFlow: 10, perTenant: 1 }))
    expect(await outcome(limiter.consume('tenant-b', 'b', { perFlow: 10, perTenant: 1 }))).toBe('ok')
    expect(await outcome(limiter.consume('tenant-a', 'a-more', { perFlow: 10, perTenant: 100 }))).toBe('ok')
  })
})
