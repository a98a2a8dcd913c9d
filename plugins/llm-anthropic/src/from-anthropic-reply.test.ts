import { LlmProviderError } from '@troupe/sdk/plugin'
import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages'
import { describe, expect, it } from 'vitest'
import { toAssistantTurn, toChatResult, toFinishReason, toTokenUsage, toToolCall, type AnthropicReply } from './from-anthropic-reply.js'

const reply = (content: unknown[], extra: Partial<AnthropicReply> = {}): AnthropicReply => ({
  content: content as ContentBlock[],
  stopReason: 'end_turn',
  stopDetails: null,
  usage: { input_tokens: 10, output_tokens: 5 },
  model: 'claude-sonnet-5-5',
  ...extra
})
const call = { id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Oslo' } }

describe('toToolCall', () => {
  it('takes an input object as it is, and parses the JSON text a stream assembled', () => {
    expect(toToolCall({ id: 'toolu_01A', name: 'get_weather', input: { city: 'Oslo' } })).toEqual(call)
    expect(toToolCall({ id: 'toolu_01A', name: 'get_weather', input: '{"city":"Oslo"}' })).toEqual(call)
  })

  it('returns input that is not a JSON object as an argumentsError quoting it, with no arguments', () => {
    expect(toToolCall({ id: 'toolu_01A', name: 'add', input: '{"a":6,"b":' })).toEqual({
      id: 'toolu_01A',
      name: 'add',
      arguments: {},
      argumentsError: 'Unexpected end of JSON input (arguments: {"a":6,"b":)'
    })
    expect(toToolCall({ id: 'toolu_01A', name: 'add', input: '[1,2]' }).argumentsError).toBe('expected a JSON object, got an array (arguments: [1,2])')
    expect(toToolCall({ id: 'toolu_01A', name: 'add', input: null }).argumentsError).toBe('expected a JSON object, got null (arguments: null)')
  })

  it('quotes at most 200 characters of broken input', () => {
    const { argumentsError } = toToolCall({ id: 'toolu_01A', name: 'write', input: `{"text":"${'x'.repeat(500)}` })
    expect(argumentsError).toMatch(/^Unterminated string in JSON at position \d+ \(arguments: \{"text":"x+…\)$/)
    expect(argumentsError!.length).toBeLessThan(300)
  })
})

describe('toTokenUsage', () => {
  it('counts fresh, cache-written and cache-read input as prompt tokens, the cache reads as cached', () => {
    expect(toTokenUsage({ input_tokens: 20, cache_creation_input_tokens: 300, cache_read_input_tokens: 1200, output_tokens: 42 })).toEqual({
      promptTokens: 1520,
      completionTokens: 42,
      cachedPromptTokens: 1200
    })
  })

  it('reads missing or null counters as zero and reports no cached tokens when none were read', () => {
    expect(toTokenUsage({ input_tokens: 9, cache_creation_input_tokens: null, cache_read_input_tokens: 0, output_tokens: 3 })).toEqual({ promptTokens: 9, completionTokens: 3 })
    expect(toTokenUsage({})).toEqual({ promptTokens: 0, completionTokens: 0 })
  })
})

describe('toFinishReason', () => {
  it.each([
    ['end_turn', [], 'stop'],
    ['stop_sequence', [], 'stop'],
    ['pause_turn', [], 'stop'],
    ['tool_use', [call], 'tool_calls'],
    ['max_tokens', [], 'length'],
    ['max_tokens', [call], 'length'],
    ['model_context_window_exceeded', [], 'length'],
    [null, [], 'stop']
  ] as const)('reads stop_reason %s with %j tool calls as %s', (stopReason, toolCalls, expected) => {
    expect(toFinishReason(stopReason, [...toolCalls])).toBe(expected)
  })
})

describe('toChatResult', () => {
  it('joins the text blocks, leaves the thinking out, and reads the tool calls', () => {
    const result = toChatResult(
      reply(
        [
          { type: 'thinking', thinking: 'Oslo needs a lookup.', signature: 'c2ln' },
          { type: 'text', text: 'Let me check ', citations: null },
          { type: 'text', text: 'the weather.', citations: null },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Oslo' }, caller: { type: 'direct' } }
        ],
        { stopReason: 'tool_use' }
      ),
      'claude-sonnet-5-5'
    )
    expect(result).toEqual({
      text: 'Let me check the weather.',
      toolCalls: [call],
      usage: { promptTokens: 10, completionTokens: 5 },
      model: 'claude-sonnet-5-5',
      finishReason: 'tool_calls'
    })
  })

  it('names the requested model when the reply names none', () => {
    expect(toChatResult(reply([], { model: '' }), 'claude-haiku-5-5').model).toBe('claude-haiku-5-5')
  })

  it('raises a refusal as a content_filtered failure, with its category and explanation', () => {
    const refusal = reply([], { stopReason: 'refusal', stopDetails: { type: 'refusal', category: 'cyber', explanation: 'Declined by the classifiers.' } })
    expect(() => toChatResult(refusal, 'claude-sonnet-5-5')).toThrow(LlmProviderError)
    try {
      toChatResult(refusal, 'claude-sonnet-5-5')
    } catch (error) {
      expect(error).toMatchObject({ reason: 'content_filtered', retryable: false, message: 'The model refused to answer (stop_reason refusal, category cyber): Declined by the classifiers.' })
    }
  })
})

describe('toAssistantTurn', () => {
  it('keeps every block as received, drops empty text, and takes tool inputs as parsed', () => {
    const streamed = reply([
      { type: 'thinking', thinking: 'Oslo needs a lookup.', signature: 'c2ln' },
      { type: 'redacted_thinking', data: 'ZW5j' },
      { type: 'text', text: '', citations: null },
      { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: '{"city":"Oslo"}', caller: { type: 'direct' } }
    ])
    expect(toAssistantTurn(streamed, [call])).toEqual([
      { type: 'thinking', thinking: 'Oslo needs a lookup.', signature: 'c2ln' },
      { type: 'redacted_thinking', data: 'ZW5j' },
      { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Oslo' } }
    ])
  })
})
