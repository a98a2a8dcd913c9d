import { describe, expect, it } from 'vitest'
import { toChatMessages, toChatTools } from './to-chat-messages.js'

describe('toChatMessages', () => {
  it('maps every role, tool calls with JSON-string arguments and null text beside them', () => {
    expect(
      toChatMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', content: '{"celsius":4}', toolCallId: 'call_1', name: 'get_weather' },
        { role: 'assistant', content: 'It is 4 °C.' }
      ])
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":4}' },
      { role: 'assistant', content: 'It is 4 °C.' }
    ])
  })

  it('refuses a tool message that answers no call, as a bad request', () => {
    expect(() => toChatMessages([{ role: 'tool', content: 'done' }])).toThrow(expect.objectContaining({ reason: 'bad_request' }))
  })
})

describe('toChatTools', () => {
  it('wraps each tool as a function, leaving out a missing description', () => {
    const parameters = { type: 'object', properties: {} }
    expect(toChatTools([{ name: 'now', parameters }, { name: 'ping', description: 'Ping a host', parameters }])).toEqual([
      { type: 'function', function: { name: 'now', parameters } },
      { type: 'function', function: { name: 'ping', description: 'Ping a host', parameters } }
    ])
  })
})
