import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages'
import { describe, expect, it } from 'vitest'
import { message, messageEvents, text, thinking, toolUse } from '../test/anthropic-stand-in.js'
import { accumulateStream } from './accumulate-stream.js'

async function* streamOf(events: Array<{ event: string; data: unknown }>): AsyncIterable<RawMessageStreamEvent> {
  for (const { event, data } of events) if (event !== 'ping') yield data as RawMessageStreamEvent
}

describe('accumulateStream', () => {
  it('passes text deltas on as tokens and assembles the blocks, thinking and tool input JSON included', async () => {
    const thought = thinking('Oslo needs a lookup.')
    const sent = message({
      content: [text('Let me check.'), thought, toolUse('get_weather', { city: 'Oslo', unit: 'celsius' }, 'toolu_01A')],
      usage: { input_tokens: 30, cache_read_input_tokens: 1200, output_tokens: 25 }
    })
    const tokens: string[] = []
    const progress = { started: false }
    const reply = await accumulateStream(streamOf(messageEvents(sent)), (token) => tokens.push(token), progress)
    expect(tokens).toEqual(['Let', ' me', ' check.'])
    expect(progress.started).toBe(true)
    expect(reply).toMatchObject({
      complete: true,
      stopReason: 'tool_use',
      model: 'claude-sonnet-5-5',
      usage: { input_tokens: 30, cache_read_input_tokens: 1200, output_tokens: 25 },
      content: [
        { type: 'text', text: 'Let me check.' },
        thought,
        { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: '{"city":"Oslo","unit":"celsius"}' }
      ]
    })
  })

  it('says a stream that ended before message_stop is incomplete', async () => {
    const events = messageEvents(message({ content: [text('Half an answer')] }))
    const reply = await accumulateStream(streamOf(events.slice(0, -3)), () => undefined)
    expect(reply.complete).toBe(false)
    expect(reply.stopReason).toBeNull()
  })
})
