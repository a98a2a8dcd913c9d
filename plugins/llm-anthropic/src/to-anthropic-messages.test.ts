import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { toAnthropicConversation, toAnthropicTools } from './to-anthropic-messages.js'

describe('toAnthropicConversation', () => {
  it('moves system messages to the top-level system prompt, joined in order', () => {
    expect(
      toAnthropicConversation([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
        { role: 'system', content: 'Answer in English.' }
      ])
    ).toEqual({ system: 'Be brief.\n\nAnswer in English.', messages: [{ role: 'user', content: 'Capital of France?' }] })
  })

  it('sends no system prompt when there is none', () => {
    expect(toAnthropicConversation([{ role: 'user', content: 'Hi' }])).toEqual({ messages: [{ role: 'user', content: 'Hi' }] })
  })

  it('sends tool calls as tool_use blocks after the text, and parallel results as tool_result blocks of one user message', () => {
    const { messages } = toAnthropicConversation([
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        toolCalls: [
          { id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'toolu_01B', name: 'get_weather', arguments: { city: 'Oslo' } }
        ]
      },
      { role: 'tool', toolCallId: 'toolu_01A', name: 'get_weather', content: '{"celsius":21}' },
      { role: 'tool', toolCallId: 'toolu_01B', name: 'get_weather', content: '{"celsius":4}' },
      { role: 'user', content: 'And which is warmer?' }
    ])
    expect(messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'get_weather', input: { city: 'Oslo' } }
        ]
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '{"celsius":21}' },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: '{"celsius":4}' },
          { type: 'text', text: 'And which is warmer?' }
        ]
      }
    ])
  })

  it('sends no empty text block beside tool calls, and no empty tool result content', () => {
    const { messages } = toAnthropicConversation([
      { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_01A', name: 'now', arguments: {} }] },
      { role: 'tool', toolCallId: 'toolu_01A', content: '' }
    ])
    expect(messages).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'now', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A' }] }
    ])
  })

  it('sends a tool-use turn as the vendor sent it when it is recalled', () => {
    const asSent = [
      { type: 'thinking' as const, thinking: 'Paris needs a lookup.', signature: 'c2lnbmF0dXJl' },
      { type: 'tool_use' as const, id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } }
    ]
    const toolCalls = [{ id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Paris' } }]
    const { messages } = toAnthropicConversation([{ role: 'assistant', content: '', toolCalls }], (message) => (message.toolCalls?.[0]?.id === 'toolu_01A' ? asSent : undefined))
    expect(messages).toEqual([{ role: 'assistant', content: asSent }])
  })

  it('refuses a tool message that answers no call', () => {
    expect(() => toAnthropicConversation([{ role: 'tool', content: 'done' }])).toThrow(LlmProviderError)
  })
})

describe('toAnthropicTools', () => {
  it('sends each tool as a custom tool with its parameters as input_schema, an object schema even when it has none', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    expect(toAnthropicTools([{ name: 'get_weather', description: 'Weather now', parameters }, { name: 'now', parameters: {} }])).toEqual([
      { name: 'get_weather', description: 'Weather now', input_schema: parameters },
      { name: 'now', input_schema: { type: 'object' } }
    ])
  })
})
