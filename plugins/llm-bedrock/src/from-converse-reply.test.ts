import { describe, expect, it } from 'vitest'
import { toChatResult, toFinishReason, toTokenUsage } from './from-converse-reply.js'

describe('from a Converse reply', () => {
  it('reads each stop reason as a finish reason', () => {
    expect(toFinishReason('end_turn')).toBe('stop')
    expect(toFinishReason('stop_sequence')).toBe('stop')
    expect(toFinishReason('tool_use')).toBe('tool_calls')
    expect(toFinishReason('max_tokens')).toBe('length')
    expect(toFinishReason('model_context_window_exceeded')).toBe('length')
    expect(toFinishReason('malformed_tool_use')).toBe('error')
    expect(toFinishReason('malformed_model_output')).toBe('error')
  })

  it('raises a guardrail intervention and the content filter as content_filtered, with no failover', () => {
    for (const stopReason of ['guardrail_intervened', 'content_filtered']) {
      expect(() => toFinishReason(stopReason)).toThrowError(expect.objectContaining({ name: 'LlmProviderError', reason: 'content_filtered', retryable: false }))
    }
  })

  it('counts cache reads and writes as prompt tokens, the reads as cached ones', () => {
    expect(toTokenUsage({ inputTokens: 20, outputTokens: 4, totalTokens: 1524, cacheReadInputTokens: 1200, cacheWriteInputTokens: 300 })).toEqual({
      promptTokens: 1520,
      completionTokens: 4,
      cachedPromptTokens: 1200
    })
    expect(toTokenUsage({ inputTokens: 9, outputTokens: 2, totalTokens: 11 })).toEqual({ promptTokens: 9, completionTokens: 2 })
  })

  it('joins text blocks, returns tool uses as calls and flags input that is not an object', () => {
    const result = toChatResult(
      {
        content: [{ text: 'Looking it up. ' }, { toolUse: { toolUseId: 'tooluse_A', name: 'get_weather', input: { city: 'Oslo' } } }, { toolUse: { toolUseId: 'tooluse_B', name: 'now', input: '{"broken' } }],
        stopReason: 'tool_use',
        usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 }
      },
      'us.amazon.nova-pro-v1:0'
    )
    expect(result).toMatchObject({ text: 'Looking it up. ', finishReason: 'tool_calls', model: 'us.amazon.nova-pro-v1:0' })
    expect(result.toolCalls[0]).toEqual({ id: 'tooluse_A', name: 'get_weather', arguments: { city: 'Oslo' } })
    expect(result.toolCalls[1]).toMatchObject({ id: 'tooluse_B', arguments: {}, argumentsError: expect.stringContaining('JSON object') })
  })
})
