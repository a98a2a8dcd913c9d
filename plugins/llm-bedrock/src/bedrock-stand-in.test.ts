import { EventStreamCodec } from '@smithy/core/event-streams'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeMessage, problemOf, startFakeBedrock, type FakeBedrock } from '../test/bedrock-stand-in.js'

let server: FakeBedrock | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('the Bedrock stand-in', () => {
  it('refuses an unsigned request as Bedrock does: 403 with x-amzn-errortype', async () => {
    server = await startFakeBedrock({ json: {} })
    const response = await fetch(`${server.url}/model/amazon.nova-lite-v1%3A0/converse`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(response.status).toBe(403)
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException:/)
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' })
  })

  it('checks bodies against the Converse request schema and its conversation rules', () => {
    const hello = { role: 'user', content: [{ text: 'Hi' }] }
    expect(problemOf({ messages: [hello] })).toBeUndefined()
    expect(problemOf({ messages: [hello], max_tokens: 10 })).toContain('extraneous key [max_tokens]')
    expect(problemOf({ messages: [{ role: 'system', content: [{ text: 'x' }] }] })).toContain("messages.0.member.role")
    expect(problemOf({ messages: [{ role: 'assistant', content: [{ text: 'x' }] }] })).toContain('must start with a user message')
    expect(problemOf({ messages: [hello, hello] })).toContain('must alternate')
    expect(problemOf({ messages: [{ role: 'user', content: [{ text: ' ' }] }] })).toContain('is blank')
    expect(problemOf({ messages: [hello, { role: 'assistant', content: [{ toolUse: { toolUseId: 'a', name: 'now', input: {} } }] }] })).toContain('toolConfig field must be defined')
    expect(problemOf({ messages: [hello], inferenceConfig: { temperature: 2 } })).toContain('inferenceConfig.temperature')
  })

  it('frames events and exceptions as event-stream messages', () => {
    const codec = new EventStreamCodec((bytes) => Buffer.from(bytes).toString('utf8'), (value) => new Uint8Array(Buffer.from(value)))
    const event = codec.decode(encodeMessage({ event: 'messageStop', data: { stopReason: 'end_turn' } }))
    expect(event.headers[':event-type']).toEqual({ type: 'string', value: 'messageStop' })
    expect(JSON.parse(Buffer.from(event.body).toString())).toMatchObject({ stopReason: 'end_turn', p: expect.any(String) })
    const exception = codec.decode(encodeMessage({ exception: 'throttlingException', message: 'Slow down' }))
    expect(exception.headers[':message-type']).toEqual({ type: 'string', value: 'exception' })
    expect(exception.headers[':exception-type']).toEqual({ type: 'string', value: 'throttlingException' })
  })
})
