import { describe, expect, it } from 'vitest'
import { filteredStream, textStream, toolCallStream } from '../test/fake-azure-replies.js'
import { readChatStream, type AzureChunk } from './read-chat-stream.js'

const model = 'gpt-4o-2024-11-20'

async function* streamOf(reply: unknown): AsyncIterable<AzureChunk> {
  for (const chunk of (reply as { chunks: AzureChunk[] }).chunks) yield chunk
}

describe('readChatStream', () => {
  it('reads text past the prompt-filter chunk, with the model, the finish reason and the usage chunk', async () => {
    const tokens: string[] = []
    const answer = await readChatStream(streamOf(textStream(model, ['Hel', 'lo', '!'], { prompt_tokens: 20, completion_tokens: 3, cached_tokens: 8 })), (token) => tokens.push(token))
    expect(tokens).toEqual(['Hel', 'lo', '!'])
    expect(answer).toMatchObject({ text: 'Hello!', finishReason: 'stop', model, usage: { promptTokens: 20, completionTokens: 3, cachedPromptTokens: 8 }, toolCalls: [] })
  })

  it('joins parallel tool calls by index', async () => {
    const calls = [
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_b', name: 'get_time', arguments: '{"zone":"Europe/Oslo"}' }
    ]
    const answer = await readChatStream(streamOf(toolCallStream(model, calls, { prompt_tokens: 30, completion_tokens: 12 })), () => undefined)
    expect(answer.toolCalls).toEqual(calls)
    expect(answer.finishReason).toBe('tool_calls')
  })

  it('keeps the verdict of a filtered answer from the last chunk, which has no delta', async () => {
    const verdict = { protected_material_text: { detected: true, filtered: true } }
    const answer = await readChatStream(streamOf(filteredStream(model, ['Hey', ' Jude'], verdict)), () => undefined)
    expect(answer).toMatchObject({ text: 'Hey Jude', finishReason: 'content_filter', filterResults: verdict })
  })

  it('reports no finish reason and zero usage for a stream that just stops', async () => {
    const reply = textStream(model, ['Once'], { prompt_tokens: 5, completion_tokens: 1 }) as { chunks: AzureChunk[] }
    const answer = await readChatStream(streamOf({ chunks: reply.chunks.slice(0, 3) }), () => undefined)
    expect(answer).toMatchObject({ text: 'Once', finishReason: null, usage: { promptTokens: 0, completionTokens: 0 } })
  })

  it('hands on nothing after the signal aborts, even chunks already received', async () => {
    const controller = new AbortController()
    const tokens: string[] = []
    const reply = textStream(model, ['one ', 'two ', 'three'], { prompt_tokens: 5, completion_tokens: 3 })
    const answer = await readChatStream(streamOf(reply), (token) => (tokens.push(token), controller.abort()), controller.signal)
    expect(tokens).toEqual(['one '])
    expect(answer.finishReason).toBeNull()
  })
})
