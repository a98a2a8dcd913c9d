import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { toMistralToolCallId } from './mistral-tool-call-id.js'
import { toMistralChatRequest, toMistralMessages, toMistralResponseFormat, toMistralTools } from './to-mistral-request.js'

describe('toMistralMessages', () => {
  it('maps every role, keeping each system prompt where it stands and tool calls as JSON strings', () => {
    const messages = toMistralMessages([
      { role: 'system', content: 'Answer as JSON.' },
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'D681PevKs', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'k2Lm9QaZx', name: 'get_weather', arguments: { city: 'Oslo' } }
        ]
      },
      { role: 'tool', content: '{"celsius":21}', toolCallId: 'D681PevKs', name: 'get_weather' },
      { role: 'tool', content: '{"celsius":4}', toolCallId: 'k2Lm9QaZx' },
      { role: 'assistant', content: 'Warm in Paris, cold in Oslo.' },
      { role: 'user', content: 'Thanks' }
    ])
    expect(messages).toEqual([
      { role: 'system', content: 'Answer as JSON.' },
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          { id: 'D681PevKs', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' }, index: 0 },
          { id: 'k2Lm9QaZx', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' }, index: 1 }
        ]
      },
      { role: 'tool', toolCallId: 'D681PevKs', name: 'get_weather', content: '{"celsius":21}' },
      { role: 'tool', toolCallId: 'k2Lm9QaZx', content: '{"celsius":4}' },
      { role: 'assistant', content: 'Warm in Paris, cold in Oslo.' },
      { role: 'user', content: 'Thanks' }
    ])
  })

  it('keeps the text an assistant said beside its tool calls', () => {
    const [message] = toMistralMessages([{ role: 'assistant', content: 'Let me look.', toolCalls: [{ id: 'D681PevKs', name: 'now', arguments: {} }] }])
    expect(message).toMatchObject({ content: 'Let me look.', toolCalls: [{ function: { name: 'now', arguments: '{}' } }] })
  })

  it("gives another vendor's tool call ids the same nine-character id in the call and in its result", () => {
    const [call, result] = toMistralMessages([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_Qm3xZ0ab12', name: 'search', arguments: { q: 'troupe' } }] },
      { role: 'tool', content: 'found', toolCallId: 'call_Qm3xZ0ab12' }
    ])
    const id = toMistralToolCallId('call_Qm3xZ0ab12')
    expect(id).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(call).toMatchObject({ toolCalls: [{ id }] })
    expect(result).toMatchObject({ toolCallId: id })
  })

  it('refuses a tool message that answers no call', () => {
    const refused = () => toMistralMessages([{ role: 'tool', content: 'done' }])
    expect(refused).toThrow(LlmProviderError)
    expect(refused).toThrow(expect.objectContaining({ reason: 'bad_request', retryable: false }))
  })
})

describe('toMistralToolCallId', () => {
  it("keeps Mistral's own ids and hashes the others, differently for different ids", () => {
    expect(toMistralToolCallId('gSIMJiOkT')).toBe('gSIMJiOkT')
    const openAi = toMistralToolCallId('call_abc')
    const anthropic = toMistralToolCallId('toolu_01A09q90qw90lq917835lq9')
    expect(openAi).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(anthropic).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(openAi).not.toBe(anthropic)
    expect(toMistralToolCallId('call_abc')).toBe(openAi)
    // Eight or ten characters are not Mistral's either.
    expect(toMistralToolCallId('abcdefgh')).not.toBe('abcdefgh')
    expect(toMistralToolCallId('abcdefghij')).toHaveLength(9)
  })
})

describe('toMistralTools and toMistralResponseFormat', () => {
  it('wraps each tool as a function', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } } }
    expect(toMistralTools([{ name: 'get_weather', description: 'Weather now', parameters }, { name: 'noop', parameters: {} }])).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters } },
      { type: 'function', function: { name: 'noop', parameters: {} } }
    ])
  })

  it("sends a response format as Mistral's strict JSON Schema mode", () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    expect(toMistralResponseFormat({ type: 'json_schema', name: 'weather', schema })).toEqual({ type: 'json_schema', jsonSchema: { name: 'weather', schemaDefinition: schema, strict: true } })
  })
})

describe('toMistralChatRequest', () => {
  const ask = { model: 'mistral-small-latest', messages: [{ role: 'user' as const, content: 'Hi' }] }

  it('sends only what the request and the options set', () => {
    expect(toMistralChatRequest(ask, {})).toEqual({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] })
  })

  it("takes the record's temperature when the request names none, and the request's over it", () => {
    expect(toMistralChatRequest(ask, { temperature: 0.3 })).toMatchObject({ temperature: 0.3 })
    expect(toMistralChatRequest({ ...ask, temperature: 0, maxTokens: 64 }, { temperature: 0.3 })).toMatchObject({ temperature: 0, maxTokens: 64 })
  })

  it("turns the record's moderation into one guardrail that blocks", () => {
    const request = toMistralChatRequest(ask, { moderation: { thresholds: { selfharm: 0.1, jailbreaking: 0.5 }, ignoreOtherCategories: true, blockOnError: false } })
    expect(request.guardrails).toEqual([
      { blockOnError: false, moderationLlmV2: { customCategoryThresholds: { selfharm: 0.1, jailbreaking: 0.5 }, ignoreOtherCategories: true, action: 'block' } }
    ])
  })
})
