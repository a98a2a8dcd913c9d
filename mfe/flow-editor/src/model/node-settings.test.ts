import { describe, expect, it } from 'vitest'
import { maxDelayMs, parseSetting, parseSettings, settingsText } from './node-settings.ts'

describe('parseSetting', () => {
  it('reads whole numbers and treats an empty field as unset', () => {
    expect(parseSetting('timeoutMs', ' 1500 ')).toEqual({ value: 1500 })
    expect(parseSetting('retry.max', '0')).toEqual({ value: 0 })
    expect(parseSetting('retry.backoffMs', '')).toEqual({ value: undefined })
  })

  it('says why a value cannot be used', () => {
    expect(parseSetting('timeoutMs', '-5')).toEqual({ error: 'must not be negative' })
    expect(parseSetting('retry.backoffMs', '-0.5')).toEqual({ error: 'must not be negative' })
    expect(parseSetting('retry.max', '1.5')).toEqual({ error: 'must be a whole number' })
    expect(parseSetting('timeoutMs', 'soon')).toEqual({ error: 'must be a whole number' })
    expect(parseSetting('timeoutMs', '0')).toEqual({ error: 'must be at least 1' })
    expect(parseSetting('retry.max', '21')).toEqual({ error: 'must be at most 20' })
    expect(parseSetting('timeoutMs', String(maxDelayMs + 1))).toEqual({ error: `must be at most ${maxDelayMs}` })
  })
})

describe('parseSettings', () => {
  const text = (timeoutMs: string, max: string, backoffMs: string) => ({ timeoutMs, 'retry.max': max, 'retry.backoffMs': backoffMs })

  it('builds the node\'s timeout and retry from the fields', () => {
    expect(parseSettings(text('3000', '2', '100'))).toEqual({ valid: { timeoutMs: 3000, retry: { max: 2, backoffMs: 100 } }, errors: {} })
    expect(parseSettings(text('', '2', ''))).toEqual({ valid: { timeoutMs: undefined, retry: { max: 2 } }, errors: {} })
    expect(parseSettings(text('', '', ''))).toEqual({ valid: { timeoutMs: undefined, retry: undefined }, errors: {} })
  })

  it('keeps the valid part when another one is wrong', () => {
    expect(parseSettings(text('-1', '2', ''))).toEqual({ valid: { retry: { max: 2 } }, errors: { timeoutMs: 'must not be negative' } })
    expect(parseSettings(text('10', '2', '0.5'))).toEqual({ valid: { timeoutMs: 10 }, errors: { 'retry.backoffMs': 'must be a whole number' } })
  })

  it('asks for a number of retries when only a backoff is given', () => {
    expect(parseSettings(text('', '', '100')).errors).toEqual({ 'retry.max': 'is needed for a backoff: how many times to retry' })
  })

  it('round-trips a node\'s settings through the fields', () => {
    const node = { timeoutMs: 60000, retry: { max: 3, backoffMs: 500 } }
    expect(parseSettings(settingsText(node)).valid).toEqual(node)
    expect(settingsText({})).toEqual(text('', '', ''))
  })
})
