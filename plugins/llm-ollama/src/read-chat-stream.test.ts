import { describe, expect, it } from 'vitest'
import type { OllamaChatEvent } from './ollama-wire.js'
import { readChatStream } from './read-chat-stream.js'

const at = new Date('2026-12-07T10:15:02.183Z')
const line = (message: OllamaChatEvent['message'], done = false, rest: Partial<OllamaChatEvent> = {}) =>
  ({ model: 'llama3.2', created_at: at, message, done, ...rest }) as OllamaChatEvent

async function* linesOf(...events: OllamaChatEvent[]) {
  yield* events
}

describe('readChatStream', () => {
  it('passes each piece of content to onToken and joins them, skipping empty ones', async () => {
    const tokens: string[] = []
    const reply = await readChatStream(
      linesOf(
        line({ role: 'assistant', content: 'The' }),
        line({ role: 'assistant', content: '' }),
        line({ role: 'assistant', content: ' sky' }),
        line({ role: 'assistant', content: '' }, true, { done_reason: 'stop', prompt_eval_count: 26, eval_count: 3 })
      ),
      new AbortController().signal,
      (token) => tokens.push(token)
    )
    expect(tokens).toEqual(['The', ' sky'])
    expect(reply).toMatchObject({ text: 'The sky', toolCalls: [], model: 'llama3.2', done: { done_reason: 'stop', prompt_eval_count: 26, eval_count: 3 } })
  })

  it('keeps thinking out of the answer', async () => {
    const tokens: string[] = []
    const reply = await readChatStream(
      linesOf(line({ role: 'assistant', content: '', thinking: 'The user wants' }), line({ role: 'assistant', content: 'Hi' }), line({ role: 'assistant', content: '' }, true)),
      new AbortController().signal,
      (token) => tokens.push(token)
    )
    expect(reply.text).toBe('Hi')
    expect(tokens).toEqual(['Hi'])
  })

  it('collects tool calls sent together or spread over lines, in order', async () => {
    const paris = { id: 'call_a', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } }
    const oslo = { id: 'call_b', function: { index: 1, name: 'get_weather', arguments: { city: 'Oslo' } } }
    const rome = { id: 'call_c', function: { index: 0, name: 'get_weather', arguments: { city: 'Rome' } } }
    const reply = await readChatStream(
      linesOf(line({ role: 'assistant', content: '', tool_calls: [paris, oslo] }), line({ role: 'assistant', content: '', tool_calls: [rome] }), line({ role: 'assistant', content: '' }, true)),
      new AbortController().signal
    )
    expect(reply.toolCalls).toEqual([paris, oslo, rome])
  })

  it('reads no further line once the signal aborted, though the lines arrived together', async () => {
    const controller = new AbortController()
    const tokens: string[] = []
    const reading = readChatStream(linesOf(line({ role: 'assistant', content: 'one ' }), line({ role: 'assistant', content: 'two' })), controller.signal, (token) => {
      tokens.push(token)
      controller.abort()
    })
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' })
    expect(tokens).toEqual(['one '])
  })
})
