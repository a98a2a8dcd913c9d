import { describe, expect, it } from 'vitest'
import { countOf, durationBetween, formatDuration, formatUsd } from './format.ts'

describe('format', () => {
  it('formats durations at the right scale', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(2400)).toBe('2.4 s')
    expect(formatDuration(185_000)).toBe('3 min 5 s')
    expect(formatDuration(undefined)).toBe('—')
  })

  it('measures between timestamps, up to now while running', () => {
    expect(durationBetween('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.500Z')).toBe(1500)
    expect(durationBetween('2026-01-01T00:00:00.000Z', null, Date.parse('2026-01-01T00:00:02.000Z'))).toBe(2000)
    expect(durationBetween(null, null)).toBeUndefined()
  })

  it('counts with the noun in the singular for one', () => {
    expect(countOf(1, 'tool')).toBe('1 tool')
    expect(countOf(0, 'tool')).toBe('0 tools')
    expect(countOf(3, 'call')).toBe('3 calls')
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries')
  })

  it('shows small LLM costs with two significant digits', () => {
    expect(formatUsd(0)).toBe('$0.00')
    expect(formatUsd(0.004213)).toBe('$0.0042')
    expect(formatUsd(12.5)).toBe('$12.50')
  })
})
