import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { toFinishReason, toToolCall } from './from-openai-choice.js'

describe('toToolCall', () => {
  it('parses the arguments, reading none as an empty object', () => {
    expect(toToolCall({ id: 'call_1', name: 'search', arguments: '{"q":"troupe"}' })).toEqual({ id: 'call_1', name: 'search', arguments: { q: 'troupe' } })
    expect(toToolCall({ id: 'call_2', name: 'now', arguments: '' })).toEqual({ id: 'call_2', name: 'now', arguments: {} })
  })

  it('refuses arguments that are not a JSON object, naming the tool', () => {
    for (const json of ['{"q":', '["troupe"]', 'null']) {
      const call = () => toToolCall({ id: 'call_1', name: 'search', arguments: json })
      expect(call).toThrow(LlmProviderError)
      expect(call).toThrow(/tool search/)
    }
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
