import { describe, expect, it } from 'vitest'
import { toFinishReason, toToolCall } from './from-openai-choice.js'

describe('toToolCall', () => {
  it('parses the arguments, reading none as an empty object', () => {
    expect(toToolCall({ id: 'call_1', name: 'search', arguments: '{"q":"troupe"}' })).toEqual({ id: 'call_1', name: 'search', arguments: { q: 'troupe' } })
    expect(toToolCall({ id: 'call_2', name: 'now', arguments: '' })).toEqual({ id: 'call_2', name: 'now', arguments: {} })
  })

  it('returns arguments that are not a JSON object as an argumentsError quoting them, with no arguments', () => {
    expect(toToolCall({ id: 'call_1', name: 'add', arguments: '{"a":6,"b":' })).toEqual({
      id: 'call_1',
      name: 'add',
      arguments: {},
      argumentsError: 'Unexpected end of JSON input (arguments: {"a":6,"b":)'
    })
    expect(toToolCall({ id: 'call_2', name: 'search', arguments: '["troupe"]' }).argumentsError).toBe('expected a JSON object, got an array (arguments: ["troupe"])')
    expect(toToolCall({ id: 'call_3', name: 'search', arguments: 'null' }).argumentsError).toBe('expected a JSON object, got null (arguments: null)')
    expect(toToolCall({ id: 'call_4', name: 'search', arguments: '"troupe"' }).argumentsError).toBe('expected a JSON object, got a string (arguments: "troupe")')
  })

  it('quotes at most 200 characters of broken arguments', () => {
    const call = toToolCall({ id: 'call_1', name: 'write', arguments: `{"text":"${'x'.repeat(500)}` })
    expect(call.argumentsError).toMatch(/^Unterminated string in JSON at position \d+ \(arguments: \{"text":"x+…\)$/)
    expect(call.argumentsError!.length).toBeLessThan(300)
  })
})

describe('toFinishReason', () => {
  it('says tool_calls whenever there are tool calls', () => {
    expect(toFinishReason('stop', [{ id: 'call_1', name: 'now', arguments: {} }])).toBe('tool_calls')
  })

  it('keeps length and content_filter, and reads anything else as stop', () => {
    expect(toFinishReason('length', [])).toBe('length')
    expect(toFinishReason('content_filter', [])).toBe('content_filter')
    expect(toFinishReason(null, [])).toBe('stop')
    expect(toFinishReason('eos', [])).toBe('stop')
  })
})
