import type { CompletionEvent, CompletionResponseStreamChoice, UsageInfo } from '@mistralai/mistralai/models/components'
import { describe, expect, it } from 'vitest'
import { accumulateStream } from './accumulate-stream.js'

/** Events as the SDK parses Mistral's chunks (its defaults filled in: a tool call without id or index gets "null" and 0). */
function events(model: string, choices: Array<Partial<CompletionResponseStreamChoice> & { usage?: UsageInfo }>): AsyncIterable<CompletionEvent> {
  return (async function* () {
    for (const { usage, ...choice } of choices) {
      yield { data: { id: 'b3999b8c93e04e11bcbff7bcab829667', model, choices: [{ index: 0, delta: {}, finishReason: null, ...choice }], ...(usage && { usage }) } }
    }
  })()
}

async function read(stream: AsyncIterable<CompletionEvent>) {
  const tokens: string[] = []
  const reply = await accumulateStream(stream, (token) => tokens.push(token))
  return { ...reply, tokens }
}

describe('accumulateStream', () => {
  it('passes each text delta on and keeps the finish reason and the last usage', async () => {
    const reply = await read(
      events('mistral-large-latest', [
        { delta: { role: 'assistant', content: '' } },
        { delta: { content: 'Coca' }, usage: { promptTokens: 34, completionTokens: 1 } },
        { delta: { content: '-Cola' } },
        { delta: { content: '.' }, finishReason: 'stop', usage: { promptTokens: 34, completionTokens: 3 } }
      ])
    )
    expect(reply).toEqual({ text: 'Coca-Cola.', tokens: ['Coca', '-Cola', '.'], toolCalls: [], finishReason: 'stop', model: 'mistral-large-latest', usage: { promptTokens: 34, completionTokens: 3 } })
  })

  it("passes on only the text of a reasoning model's chunks", async () => {
    const reply = await read(
      events('magistral-medium-latest', [
        { delta: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Count.' }] }] } },
        { delta: { content: [{ type: 'text', text: 'Three' }] }, finishReason: 'stop' }
      ])
    )
    expect(reply.tokens).toEqual(['Three'])
    expect(reply.text).toBe('Three')
  })

  it("reads Mistral's parallel calls, sent whole and side by side with no index, as separate calls", async () => {
    const reply = await read(
      events('mistral-small-latest', [
        { delta: { role: 'assistant', content: '' } },
        {
          delta: {
            content: null,
            toolCalls: [
              { id: 'gSIMJiOkT', index: 0, function: { name: 'weather', arguments: '{"location": "Paris"}' } },
              { id: 'k2Lm9QaZx', index: 0, function: { name: 'weather', arguments: '{"location": "Oslo"}' } }
            ]
          },
          finishReason: 'tool_calls'
        }
      ])
    )
    expect(reply.toolCalls).toEqual([
      { id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "Paris"}' },
      { id: 'k2Lm9QaZx', name: 'weather', arguments: '{"location": "Oslo"}' }
    ])
    expect(reply.tokens).toEqual([])
  })

  it('joins a call a hosted model streams in fragments, by index', async () => {
    const reply = await read(
      events('zai-glm-5-2', [
        { delta: { content: '', toolCalls: [{ id: 'chatcmpl-tool-9f149c74c42f265b', index: 0, function: { name: 'webSearchTool', arguments: '' } }] } },
        { delta: { content: '', toolCalls: [{ id: 'null', index: 0, function: { name: '', arguments: '{"query": ' } }] } },
        { delta: { content: '', toolCalls: [{ id: 'null', index: 0, function: { name: '', arguments: '"Berlin weather"}' } }] } },
        { delta: { content: '' }, finishReason: 'tool_calls' }
      ])
    )
    expect(reply.toolCalls).toEqual([{ id: 'chatcmpl-tool-9f149c74c42f265b', name: 'webSearchTool', arguments: '{"query": "Berlin weather"}' }])
    expect(reply.finishReason).toBe('tool_calls')
  })

  it('says no finish reason when the stream ended without one', async () => {
    expect((await read(events('mistral-small-latest', [{ delta: { content: 'Once upon' } }]))).finishReason).toBeNull()
  })
})
