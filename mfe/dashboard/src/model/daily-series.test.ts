import { describe, expect, it } from 'vitest'
import { lastDays, outcomesFromDays, spendByDay } from './daily-series.ts'

describe('daily series', () => {
  const days = lastDays(3, new Date('2026-11-26T13:00:00Z'))

  it('lists the last days, oldest first, across a month boundary', () => {
    expect(days).toEqual(['2026-11-24', '2026-11-25', '2026-11-26'])
    expect(lastDays(2, new Date('2026-12-01T00:30:00Z'))).toEqual(['2026-11-30', '2026-12-01'])
  })

  it('computes the success rate of finished executions per day, cancelled ones as not succeeded', () => {
    expect(
      outcomesFromDays([
        { day: '2026-11-24', succeeded: 2, failed: 1, cancelled: 0 },
        { day: '2026-11-25', succeeded: 0, failed: 0, cancelled: 0 },
        { day: '2026-11-26', succeeded: 0, failed: 0, cancelled: 1 }
      ])
    ).toEqual([
      { day: '2026-11-24', succeeded: 2, failed: 1, successRate: 66.7 },
      { day: '2026-11-25', succeeded: 0, failed: 0, successRate: null },
      { day: '2026-11-26', succeeded: 0, failed: 1, successRate: 0 }
    ])
  })

  it('lines LLM spend up with the days', () => {
    const rows = [{ key: '2026-11-25', calls: 3, cachedCalls: 0, promptTokens: 10, completionTokens: 20, costUsd: 0.0123 }]
    expect(spendByDay(rows, days)).toEqual([0, 0.0123, 0])
  })
})
