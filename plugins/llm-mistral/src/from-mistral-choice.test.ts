import { describe, expect, it } from 'vitest'
import { textOf, toFinishReason, toToolCall, toUsage } from './from-mistral-choice.js'

describe('textOf', () => {
  it("reads plain content, and of a reasoning model's chunks only the text", () => {
    expect(textOf('Paris.')).toBe('Paris.')
    expect(textOf(null)).toBe('')
    expect(
      textOf([
        { type: 'thinking', thinking: [{ type: 'text', text: 'The user asks for a capital.' }] },
        { type: 'text', text: 'Paris' },
        { type: 'text', text: '.' }
      ])
    ).toBe('Paris.')
  })
})

describe('toToolCall', () => {
  it('parses JSON-string arguments, takes object ones as they are, and reads none as an empty object', () => {
    expect(toToolCall({ id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' })).toEqual({ id: 'gSIMJiOkT', name: 'weather', arguments: { location: 'San Francisco' } })
    expect(toToolCall({ id: 'gSIMJiOkT', name: 'weather', arguments: { location: 'Oslo' } })).toEqual({ id: 'gSIMJiOkT', name: 'weather', arguments: { location: 'Oslo' } })
    expect(toToolCall({ id: 'gSIMJiOkT', name: 'now', arguments: '' })).toEqual({ id: 'gSIMJiOkT', name: 'now', arguments: {} })
  })

  it('returns arguments that are not a JSON object as an argumentsError quoting them', () => {
    expect(toToolCall({ id: 'a', name: 'add', arguments: '{"a":6,"b":' })).toEqual({ id: 'a', name: 'add', arguments: {}, argumentsError: 'Unexpected end of JSON input (arguments: {"a":6,"b":)' })
    expect(toToolCall({ id: 'a', name: 'add', arguments: '[1,2]' }).argumentsError).toBe('expected a JSON object, got an array (arguments: [1,2])')
    expect(toToolCall({ id: 'a', name: 'add', arguments: 'null' }).argumentsError).toBe('expected a JSON object, got null (arguments: null)')
    expect(toToolCall({ id: 'a', name: 'write', arguments: `{"text":"${'x'.repeat(500)}` }).argumentsError!.length).toBeLessThan(300)
  })
})

describe('toFinishReason', () => {
  const call = [{ id: 'gSIMJiOkT', name: 'now', arguments: {} }]
  it.each([
    ['stop', [], 'stop'],
    ['length', [], 'length'],
    ['model_length', [], 'length'],
    ['tool_calls', call, 'tool_calls'],
    ['stop', call, 'tool_calls'],
    [null, [], 'stop']
  ] as const)('reads %s (with %j) as %s', (reason, toolCalls, expected) => {
    expect(toFinishReason(reason, [...toolCalls], { streamed: false })).toBe(expected)
  })

  it('makes "error" a failure: a cut stream when streamed, a server failure otherwise', () => {
    expect(() => toFinishReason('error', [], { streamed: true })).toThrow(expect.objectContaining({ reason: 'cut_stream', retryable: true }))
    expect(() => toFinishReason('error', [], { streamed: false })).toThrow(expect.objectContaining({ reason: 'server', retryable: true }))
  })
})

describe('toUsage', () => {
  it('reads the tokens and those served from the prompt cache', () => {
    expect(toUsage({ promptTokens: 1013, completionTokens: 30, totalTokens: 1043, prompt_tokens_details: { cached_tokens: 1008 } })).toEqual({
      promptTokens: 1013,
      completionTokens: 30,
      cachedPromptTokens: 1008
    })
  })

  it('leaves cached tokens out when the cache served none, and reads no usage as zeros', () => {
    expect(toUsage({ promptTokens: 20, completionTokens: 2, prompt_tokens_details: { cached_tokens: 0 } })).toEqual({ promptTokens: 20, completionTokens: 2 })
    expect(toUsage(undefined)).toEqual({ promptTokens: 0, completionTokens: 0 })
  })
})
