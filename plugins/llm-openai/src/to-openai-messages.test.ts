import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { toOpenAiMessages, toOpenAiTools } from './to-openai-messages.js'

describe('toOpenAiMessages', () => {
  it('maps every role, with tool calls as JSON strings', () => {
    const messages = toOpenAiMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', content: '{"temperature":21}', toolCallId: 'call_1', name: 'get_weather' },
      { role: 'assistant', content: 'It is 21 degrees.' }
    ])
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      { role: 'assistant', content: 'It is 21 degrees.' }
    ])
  })

  it('sends a call whose arguments were broken with empty arguments, which every server parses', () => {
    const [message] = toOpenAiMessages([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'add', arguments: {}, argumentsError: 'Unexpected end of JSON input (arguments: {"a":6,"b":)' }] }
    ])
    expect(message).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{}' } }] })
  })

  it('refuses a tool message that answers no call', () => {
    expect(() => toOpenAiMessages([{ role: 'tool', content: 'done' }])).toThrow(LlmProviderError)
  })
})

describe('toOpenAiTools', () => {
  it('wraps each tool as a function', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } } }
    expect(toOpenAiTools([{ name: 'get_weather', description: 'Weather now', parameters }, { name: 'noop', parameters: {} }])).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters } },
      { type: 'function', function: { name: 'noop', parameters: {} } }
    ])
  })
})
