import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { madeUpToolCallId } from './tool-call-ids.js'
import { signatureForReplayedCalls, toFunctionResponse, toGeminiConversation, toGeminiTools, toGenerateContentRequest } from './to-gemini-request.js'

describe('toGeminiConversation', () => {
  it('makes system messages the system instruction and maps the roles to user and model', () => {
    expect(
      toGeminiConversation([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Capital of France?' }
      ])
    ).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello!' }] },
        { role: 'user', parts: [{ text: 'Capital of France?' }] }
      ]
    })
  })

  it('sends no system instruction when there is no system message', () => {
    expect(toGeminiConversation([{ role: 'user', content: 'Hi' }])).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] })
  })

  it('sends tool calls as functionCall parts, the first with the signature Google documents for replayed calls', () => {
    const paris = madeUpToolCallId()
    const oslo = madeUpToolCallId()
    const { contents } = toGeminiConversation([
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: 'Let me check.',
        toolCalls: [
          { id: paris, name: 'get_weather', arguments: { city: 'Paris' } },
          { id: oslo, name: 'get_weather', arguments: { city: 'Oslo' } }
        ]
      },
      { role: 'tool', toolCallId: paris, name: 'get_weather', content: '{"celsius":21}' },
      { role: 'tool', toolCallId: oslo, content: 'Snow, -3 °C' },
      { role: 'assistant', content: 'Paris is warm, Oslo is not.' }
    ])
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Let me check.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: signatureForReplayedCalls },
          { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }
        ]
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { celsius: 21 } } },
          // No name on the message: the call it answers names the function.
          { functionResponse: { name: 'get_weather', response: { output: 'Snow, -3 °C' } } }
        ]
      },
      { role: 'model', parts: [{ text: 'Paris is warm, Oslo is not.' }] }
    ])
  })

  it("sends back the ids Gemini gave its calls, but not the ones made up for it", () => {
    const { contents } = toGeminiConversation([
      { role: 'assistant', content: '', toolCalls: [{ id: 'fc-7f3a', name: 'now', arguments: {} }] },
      { role: 'tool', toolCallId: 'fc-7f3a', content: '12:00' }
    ])
    expect(contents).toEqual([
      { role: 'model', parts: [{ functionCall: { id: 'fc-7f3a', name: 'now', args: {} }, thoughtSignature: signatureForReplayedCalls }] },
      { role: 'user', parts: [{ functionResponse: { id: 'fc-7f3a', name: 'now', response: { output: '12:00' } } }] }
    ])
  })

  it('sends a call whose arguments were broken with the empty arguments it got, and drops an empty assistant turn', () => {
    const id = madeUpToolCallId()
    const { contents } = toGeminiConversation([
      { role: 'assistant', content: '' },
      { role: 'assistant', content: '', toolCalls: [{ id, name: 'add', arguments: {}, argumentsError: 'Unexpected end of JSON input' }] }
    ])
    expect(contents).toEqual([{ role: 'model', parts: [{ functionCall: { name: 'add', args: {} }, thoughtSignature: signatureForReplayedCalls }] }])
  })

  it('refuses a tool message without a call id, or one that names no tool and answers no call', () => {
    expect(() => toGeminiConversation([{ role: 'tool', content: 'done' }])).toThrow(LlmProviderError)
    expect(() => toGeminiConversation([{ role: 'tool', toolCallId: 'call_x', content: 'done' }])).toThrow(/names no tool/)
    expect(toGeminiConversation([{ role: 'tool', toolCallId: 'call_x', name: 'lookup', content: 'done' }]).contents[0]?.parts).toEqual([
      { functionResponse: { id: 'call_x', name: 'lookup', response: { output: 'done' } } }
    ])
  })
})

describe('toFunctionResponse', () => {
  it('keeps a JSON object and puts anything else under output', () => {
    expect(toFunctionResponse('{"rows":[1,2]}')).toEqual({ rows: [1, 2] })
    expect(toFunctionResponse('[1,2]')).toEqual({ output: [1, 2] })
    expect(toFunctionResponse('null')).toEqual({ output: null })
    expect(toFunctionResponse('not JSON')).toEqual({ output: 'not JSON' })
  })
})

describe('toGeminiTools', () => {
  it('declares each tool as a function with its JSON Schema, and no parameters for a tool that takes none', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    expect(toGeminiTools([{ name: 'get_weather', description: 'Weather now', parameters }, { name: 'now', parameters: {} }])).toEqual([
      { functionDeclarations: [{ name: 'get_weather', description: 'Weather now', parametersJsonSchema: parameters }, { name: 'now' }] }
    ])
  })
})

describe('toGenerateContentRequest', () => {
  const messages = [{ role: 'user' as const, content: 'Weather in Oslo as JSON' }]

  it('sends only what the request sets', () => {
    expect(toGenerateContentRequest({ model: 'gemini-2.5-flash', messages }, {})).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Weather in Oslo as JSON' }] }] })
  })

  it('asks for JSON against the response format schema, with the temperature, token limit and thinking budget', () => {
    const schema = { type: 'object', properties: { celsius: { type: 'number' } } }
    const body = toGenerateContentRequest(
      { model: 'gemini-2.5-flash', messages, maxTokens: 200, responseFormat: { type: 'json_schema', name: 'weather', schema } },
      { temperature: 0.3, thinkingBudget: 0 }
    )
    expect(body.generationConfig).toEqual({
      temperature: 0.3,
      maxOutputTokens: 200,
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
      thinkingConfig: { thinkingBudget: 0 }
    })
  })

  it("prefers the request's temperature to the record's", () => {
    expect(toGenerateContentRequest({ model: 'm', messages, temperature: 0 }, { temperature: 1.2 }).generationConfig).toEqual({ temperature: 0 })
  })

  it("sends each call back with the thought signature it came with, and never another vendor's data", () => {
    const call = (id: string, vendorData?: Record<string, unknown>) => ({ id, name: 'now', arguments: {}, ...(vendorData && { vendorData }) })
    const { contents } = toGeminiConversation([
      { role: 'assistant', content: '', toolCalls: [call('fc-1', { gemini: { thoughtSignature: 'c2lnLTE=' } }), call('fc-2', { gemini: { thoughtSignature: 'c2lnLTI=' } })] },
      { role: 'assistant', content: '', toolCalls: [call('fc-3', { anthropic: { thoughtSignature: 'not-gemini' } })] }
    ])
    expect(contents.map((content) => content.parts!.map((part) => part.thoughtSignature))).toEqual([['c2lnLTE=', 'c2lnLTI='], [signatureForReplayedCalls]])
  })
})
