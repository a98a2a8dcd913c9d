import { describe, expect, it } from 'vitest'
import { toOllamaMessages, toOllamaTools } from './to-ollama-messages.js'

describe('toOllamaMessages', () => {
  it('keeps system prompts and every role in order, with tool calls as argument objects', () => {
    const messages = toOllamaMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'call_p4r1s000', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_0sl00000', name: 'get_weather', arguments: { city: 'Oslo' } }
        ]
      },
      { role: 'tool', content: '{"celsius":21}', toolCallId: 'call_p4r1s000', name: 'get_weather' },
      { role: 'tool', content: '{"celsius":4}', toolCallId: 'call_0sl00000', name: 'get_weather' },
      { role: 'assistant', content: 'Il fait 21 °C à Paris et 4 °C à Oslo.' }
    ])
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_p4r1s000', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } },
          { id: 'call_0sl00000', function: { index: 1, name: 'get_weather', arguments: { city: 'Oslo' } } }
        ]
      },
      { role: 'tool', content: '{"celsius":21}', tool_name: 'get_weather', tool_call_id: 'call_p4r1s000' },
      { role: 'tool', content: '{"celsius":4}', tool_name: 'get_weather', tool_call_id: 'call_0sl00000' },
      { role: 'assistant', content: 'Il fait 21 °C à Paris et 4 °C à Oslo.' }
    ])
  })

  it('names a tool result by the call it answers when the message does not name its tool', () => {
    const [, result] = toOllamaMessages([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'now', arguments: {} }] },
      { role: 'tool', content: '12:00', toolCallId: 'call_1' }
    ])
    expect(result).toEqual({ role: 'tool', content: '12:00', tool_name: 'now', tool_call_id: 'call_1' })
  })

  it('sends a tool result that names no call as content alone, which Ollama accepts', () => {
    expect(toOllamaMessages([{ role: 'tool', content: 'done' }])).toEqual([{ role: 'tool', content: 'done' }])
  })

  it('sends the empty arguments of a call whose arguments were broken', () => {
    const [message] = toOllamaMessages([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'add', arguments: {}, argumentsError: 'Unexpected end of JSON input' }] }
    ])
    expect(message?.tool_calls).toEqual([{ id: 'call_1', function: { index: 0, name: 'add', arguments: {} } }])
  })
})

describe('toOllamaTools', () => {
  it('wraps each tool as a function, leaving out a missing description', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    expect(toOllamaTools([{ name: 'get_weather', description: 'Weather now', parameters }, { name: 'now', parameters: { type: 'object' } }])).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters } },
      { type: 'function', function: { name: 'now', parameters: { type: 'object' } } }
    ])
  })
})
