import { describe, expect, it } from 'vitest'
import { toFinishReason, toToolCall, toUsage } from './from-ollama-reply.js'

describe('toToolCall', () => {
  it('keeps the id Ollama gave the call and its arguments object', () => {
    expect(toToolCall({ id: 'call_k2x9w1ab', function: { index: 0, name: 'get_weather', arguments: { city: 'Oslo' } } })).toEqual({
      id: 'call_k2x9w1ab',
      name: 'get_weather',
      arguments: { city: 'Oslo' }
    })
  })

  it('gives a call from a server that names none an id of its own, a new one each time', () => {
    const call = { function: { name: 'now', arguments: {} } }
    const first = toToolCall(call)
    const second = toToolCall(call)
    expect(first).toMatchObject({ name: 'now', arguments: {} })
    expect(first.id).toMatch(/^call_[0-9a-f-]{36}$/)
    expect(second.id).not.toBe(first.id)
  })
})

describe('toFinishReason', () => {
  it('says tool_calls whenever there are tool calls, though Ollama says stop', () => {
    expect(toFinishReason('stop', [{ id: 'call_1', name: 'now', arguments: {} }])).toBe('tool_calls')
  })

  it('keeps length (the num_predict cap) and reads stop, load, unload or none as stop', () => {
    expect(toFinishReason('length', [])).toBe('length')
    expect(toFinishReason('stop', [])).toBe('stop')
    expect(toFinishReason('load', [])).toBe('stop')
    expect(toFinishReason('unload', [])).toBe('stop')
    expect(toFinishReason(undefined, [])).toBe('stop')
  })
})

describe('toUsage', () => {
  it('reads the prompt and answer counts of the done line', () => {
    expect(toUsage({ prompt_eval_count: 26, eval_count: 282 })).toEqual({ promptTokens: 26, completionTokens: 282 })
  })

  it('reads a count Ollama left out (it omits zeros) as 0', () => {
    expect(toUsage({ eval_count: 5 })).toEqual({ promptTokens: 0, completionTokens: 5 })
    expect(toUsage(undefined)).toEqual({ promptTokens: 0, completionTokens: 0 })
  })
})
