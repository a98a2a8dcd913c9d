import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load-config.js'
import { checkLimitOverrides, effectiveLimits } from './tenant-limits.js'

const config = loadConfig({ TROUPE_WEBHOOK_RATE_LIMIT: '600', TROUPE_WEBHOOK_MAX_BODY_BYTES: '2048', TROUPE_TENANT_MAX_STORED_BYTES: String(1024 ** 3) })

describe('tenant limits', () => {
  it("are the server's where the tenant set none", () => {
    expect(effectiveLimits(undefined, config)).toEqual({
      maxConcurrentExecutions: 50,
      maxStoredBytes: 1024 ** 3,
      webhookRateLimitPerMinute: 600,
      webhookFlowRateLimitPerMinute: 600,
      webhookMaxBodyBytes: 2048,
      historyMaxAgeDays: 14,
      historyFailedMaxAgeDays: 30,
      historyMaxCount: 10_000
    })
  })

  it("are the tenant's own where set, never above the server's", () => {
    const row = { maxStoredBytes: '1048576', webhookRateLimitPerMinute: 60, webhookFlowRateLimitPerMinute: 6000, webhookMaxBodyBytes: null, maxConcurrentExecutions: 3, historyMaxCount: 50, historyFailedMaxAgeDays: 400 }
    expect(effectiveLimits(row, config)).toEqual({
      maxConcurrentExecutions: 3,
      maxStoredBytes: 1048576,
      webhookRateLimitPerMinute: 60,
      webhookFlowRateLimitPerMinute: 600,
      webhookMaxBodyBytes: 2048,
      historyMaxAgeDays: 14,
      historyFailedMaxAgeDays: 30,
      historyMaxCount: 50
    })
  })

  it("refuse a patch above the server's values with a 400 naming each field and its ceiling", () => {
    expect(() => checkLimitOverrides({ webhookMaxBodyBytes: 2048, maxStoredBytes: null, name: 'x' }, config)).not.toThrow()
    let error: unknown
    try {
      checkLimitOverrides({ webhookMaxBodyBytes: 2049, webhookRateLimitPerMinute: 601 }, config)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({
      code: 400,
      data: [
        { field: 'webhookRateLimitPerMinute', message: "must be at most 600 (the server's TROUPE_WEBHOOK_RATE_LIMIT)" },
        { field: 'webhookMaxBodyBytes', message: "must be at most 2048 (the server's TROUPE_WEBHOOK_MAX_BODY_BYTES)" }
      ]
    })
  })
})
