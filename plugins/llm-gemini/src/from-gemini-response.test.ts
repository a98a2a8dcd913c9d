import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { functionCallResponse, promptBlocked, textResponse, usageMetadata } from '../test/fake-gemini-replies.js'
import { toChatResult, toFinishReason, toToolCall, toUsage } from './from-gemini-response.js'
import type { GenerateContentResponse } from './gemini-wire.js'
import { isMadeUpToolCallId } from './tool-call-ids.js'

// The stand-in's builders give the wire's JSON, where Gemini's enums are plain strings.
const wire = (json: object) => json as GenerateContentResponse
const usageOf = (counts: Parameters<typeof usageMetadata>[0]) => wire({ usageMetadata: usageMetadata(counts) }).usageMetadata

describe('toFinishReason', () => {
  it.each([
    ['STOP', 'stop'],
    [undefined, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'error'],
    ['UNEXPECTED_TOOL_CALL', 'error'],
    ['LANGUAGE', 'error'],
    ['OTHER', 'error']
  ] as const)('reads %s as %s', (reason, expected) => {
    expect(toFinishReason(reason, [])).toBe(expected)
  })

  it('says tool_calls whenever there are function calls (Gemini says STOP beside them)', () => {
    expect(toFinishReason('STOP', [{ id: 'fc-1', name: 'now', arguments: {} }])).toBe('tool_calls')
  })
})

describe('toToolCall', () => {
  it("keeps Gemini's id, and makes one up when Gemini sent none", () => {
    expect(toToolCall({ id: 'fc-9', name: 'get_weather', args: { city: 'Oslo' } })).toEqual({ id: 'fc-9', name: 'get_weather', arguments: { city: 'Oslo' } })
    const made = toToolCall({ name: 'now' })
    expect(made).toMatchObject({ name: 'now', arguments: {} })
    expect(isMadeUpToolCallId(made.id)).toBe(true)
    expect(made.id.length).toBeLessThanOrEqual(40)
    expect(toToolCall({ name: 'now' }).id).not.toBe(made.id)
  })
})

describe('toUsage', () => {
  it('counts thinking tokens as completion tokens and reports the cached ones', () => {
    expect(toUsage(usageOf({ prompt: 1200, candidates: 40, thoughts: 300, cached: 1024 }))).toEqual({ promptTokens: 1200, completionTokens: 340, cachedPromptTokens: 1024 })
  })

  it('reports no cached tokens when none were cached, and zeros when there is no usage', () => {
    expect(toUsage(usageOf({ prompt: 9, candidates: 2 }))).toEqual({ promptTokens: 9, completionTokens: 2 })
    expect(toUsage(undefined)).toEqual({ promptTokens: 0, completionTokens: 0 })
  })
})

describe('toChatResult', () => {
  it('answers the text, the usage and the model version', () => {
    expect(toChatResult(wire(textResponse('Paris.', { usage: { prompt: 8, candidates: 2 }, modelVersion: 'gemini-2.5-flash-preview-09-2025' })), 'gemini-2.5-flash')).toEqual({
      text: 'Paris.',
      toolCalls: [],
      usage: { promptTokens: 8, completionTokens: 2 },
      model: 'gemini-2.5-flash-preview-09-2025',
      finishReason: 'stop'
    })
  })

  it('names the requested model when the response names none', () => {
    const { modelVersion: _omitted, ...response } = textResponse('Hi')
    expect(toChatResult(wire(response), 'gemini-2.0-flash').model).toBe('gemini-2.0-flash')
  })

  it('reads parallel function calls, and leaves thought summaries out of the text', () => {
    const response = wire(functionCallResponse([
      { name: 'get_weather', args: { city: 'Paris' } },
      { name: 'get_weather', args: { city: 'Oslo' } }
    ]))
    response.candidates![0]!.content!.parts!.unshift({ text: 'I should look both up.', thought: true })
    const result = toChatResult(response, 'gemini-2.5-flash')
    expect(result).toMatchObject({
      text: '',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
  })

  it('raises a blocked prompt as content_filtered, no failover', () => {
    const blocked = promptBlocked('PROHIBITED_CONTENT')
    const error = captured(() => toChatResult(wire({ ...blocked, promptFeedback: { ...blocked.promptFeedback, blockReasonMessage: 'The prompt was blocked.' } }), 'm'))
    expect(error).toMatchObject({ reason: 'content_filtered', retryable: false, message: 'Gemini blocked the prompt (PROHIBITED_CONTENT): The prompt was blocked.' })
  })

  it('raises an answer a filter stopped before any text as content_filtered, and hands back one stopped part-way', () => {
    expect(captured(() => toChatResult(wire(textResponse('', { finishReason: 'SAFETY' })), 'm'))).toMatchObject({ reason: 'content_filtered', message: 'Gemini stopped the answer (SAFETY)' })
    expect(toChatResult(wire(textResponse('Here is how to', { finishReason: 'SAFETY' })), 'm')).toMatchObject({ text: 'Here is how to', finishReason: 'content_filter' })
  })

  it('raises a response without a candidate as a server failure', () => {
    expect(captured(() => toChatResult({ usageMetadata: usageOf({ prompt: 3, candidates: 0 }) }, 'm'))).toMatchObject({ reason: 'server', retryable: true })
  })
})

function captured(run: () => unknown): LlmProviderError {
  try {
    run()
  } catch (error) {
    if (error instanceof LlmProviderError) return error
    throw error
  }
  throw new Error('Expected a failure')
}
