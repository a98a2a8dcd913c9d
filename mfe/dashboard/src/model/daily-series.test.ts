import { describe, expect, it } from 'vitest'
import { lastDays, outcomesByDay, spendByDay } from './daily-series.ts'

describe('daily series', () => {
  const days = lastDays(3, new Date('2026-11-26T13:00:00Z'))

  it('lists the last days, oldest first, across a month boundary', () => {
    expect(days).toEqual(['2026-11-24', '2026-11-25', '2026-11-26'])
    expect(lastDays(2, new Date('2026-12-01T00:30:00Z'))).toEqual(['2026-11-30', '2026-12-01'])
  })

  it('computes the success rate of finished executions per day', () => {
    const executions = [
      { status: 'succeeded' as const, createdAt: '2026-11-24T10:00:00Z' },
      { status: 'succeeded' as const, createdAt: '2026-11-24T11:00:00Z' },
      { status: 'failed' as const, createdAt: '2026-11-24T12:00:00Z' },
      { status: 'running' as const, createdAt: '2026-11-26T12:00:00Z' },
      { status: 'cancelled' as const, createdAt: '2026-11-26T12:30:00Z' },
      { status: 'succeeded' as const, createdAt: '2026-10-01T00:00:00Z' }
    ]
    expect(outcomesByDay(executions, days)).toEqual([
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
