import { describe, expect, it } from 'vitest'
import { problemOf } from '../test/check-converse-request.js'
import { toConverseInput } from './to-converse-request.js'

const weatherTool = { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } }

describe('toConverseInput', () => {
  it('sends system messages as top-level system blocks and the rest as alternating turns', () => {
    const input = toConverseInput({
      model: 'amazon.nova-lite-v1:0',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'user', content: 'Still there?' }
      ],
      temperature: 0.2
    })
    expect(input).toEqual({
      modelId: 'amazon.nova-lite-v1:0',
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Hi' }, { text: 'Still there?' }] }],
      inferenceConfig: { temperature: 0.2 }
    })
    const { modelId: _modelId, ...body } = input
    expect(problemOf(body)).toBeUndefined()
  })

  it('sends parallel tool calls as toolUse blocks and their results together as toolResult blocks of one user turn', () => {
    const input = toConverseInput({
      model: 'anthropic.claude-haiku-4-5-20251001-v1:0',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris and Oslo?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'tooluse_A', name: 'get_weather', arguments: { city: 'Paris' } },
            { id: 'tooluse_B', name: 'get_weather', arguments: { city: 'Oslo' } }
          ]
        },
        { role: 'tool', toolCallId: 'tooluse_A', content: '{"celsius":12}' },
        { role: 'tool', toolCallId: 'tooluse_B', content: '{"celsius":4}' }
      ],
      maxTokens: 300
    })
    expect(input.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { toolUse: { toolUseId: 'tooluse_A', name: 'get_weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 'tooluse_B', name: 'get_weather', input: { city: 'Oslo' } } }
        ]
      },
      {
        role: 'user',
        content: [{ toolResult: { toolUseId: 'tooluse_A', content: [{ text: '{"celsius":12}' }] } }, { toolResult: { toolUseId: 'tooluse_B', content: [{ text: '{"celsius":4}' }] } }]
      }
    ])
    expect(input.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'get_weather', description: 'Weather now', inputSchema: { json: weatherTool.parameters } } }] })
    expect(input.inferenceConfig).toEqual({ maxTokens: 300 })
    const { modelId: _modelId, ...body } = input
    expect(problemOf(body)).toBeUndefined()
  })

  it("takes the record's maxTokens when the request names none, and sends no inferenceConfig when neither does", () => {
    const request = { model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user' as const, content: 'Hi' }] }
    expect(toConverseInput(request, 512).inferenceConfig).toEqual({ maxTokens: 512 })
    expect(toConverseInput(request).inferenceConfig).toBeUndefined()
  })

  it('leaves out blank text, which Converse refuses, and the response format, which the host asks for in words', () => {
    const input = toConverseInput({
      model: 'amazon.nova-lite-v1:0',
      messages: [{ role: 'system', content: ' ' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: '' }],
      responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object' } }
    })
    expect(input).toEqual({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] })
  })
})
