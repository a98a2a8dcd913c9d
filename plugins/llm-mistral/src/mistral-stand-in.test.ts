import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkChatRequest, checkEmbeddingRequest, splitIntoPieces, startFakeMistral, type FakeMistral } from '../test/fake-mistral-server.js'

/**
 * The stand-in other suites trust to speak Mistral's protocol (`@troupe/plugin-llm-mistral/testing`):
 * it must refuse what Mistral refuses, in Mistral's words, and answer as Mistral does.
 */
const user = { role: 'user', content: 'Weather in Oslo?' }
const call = { role: 'assistant', content: null, tool_calls: [{ id: 'gSIMJiOkT', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' }, index: 0 }] }
const result = { role: 'tool', tool_call_id: 'gSIMJiOkT', name: 'get_weather', content: '{"celsius":4}' }
const chat = (fields: Record<string, unknown>) => ({ model: 'mistral-small-latest', messages: [user], ...fields })

describe('the stand-in checks requests as Mistral does', () => {
  it('serves a valid conversation with a tool round trip', () => {
    expect(checkChatRequest(chat({ messages: [{ role: 'system', content: 'Be brief.' }, user, call, result], tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }] }))).toBeUndefined()
  })

  it('answers fields Mistral does not know, and missing ones, with a 422 naming them', () => {
    expect(checkChatRequest(chat({ stream_options: { include_usage: true } }))).toEqual({
      status: 422,
      body: { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted', input: { include_usage: true } }] }
    })
    expect(checkChatRequest({ messages: [user] })).toMatchObject({ status: 422, body: { detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required' }] } })
    expect(checkChatRequest(chat({ temperature: 2 }))).toMatchObject({ body: { detail: [{ type: 'less_than_equal', loc: ['body', 'temperature'] }] } })
    expect(checkChatRequest(chat({ messages: [{ role: 'developer', content: 'x' }] }))).toMatchObject({ body: { detail: [{ type: 'union_tag_invalid', loc: ['body', 'messages', 0] }] } })
    expect(checkChatRequest(chat({ response_format: { type: 'json_schema', json_schema: { schema: {} } } }))).toMatchObject({
      body: { detail: [{ type: 'missing', loc: ['body', 'response_format', 'json_schema', 'name'] }] }
    })
    expect(checkEmbeddingRequest({ model: 'mistral-embed', inputs: ['a'] })).toMatchObject({ status: 422, body: { detail: expect.arrayContaining([expect.objectContaining({ type: 'missing', loc: ['body', 'input'] })]) } })
  })

  it("refuses tool call ids that are not nine letters and digits, with Mistral's message", () => {
    const foreign = { ...call, tool_calls: [{ ...call.tool_calls[0], id: 'call_abc123' }] }
    expect(checkChatRequest(chat({ messages: [user, foreign, { ...result, tool_call_id: 'call_abc123' }] }))).toEqual({
      status: 400,
      body: { object: 'error', message: 'Tool call id was call_abc123 but must be a-z, A-Z, 0-9, with a length of 9.', type: 'invalid_function_call', param: null, code: '3280' }
    })
  })

  it('refuses a conversation in an order Mistral does not serve', () => {
    expect(checkChatRequest(chat({ messages: [user, { role: 'assistant', content: 'Cold.' }] }))).toMatchObject({
      status: 400,
      body: { message: 'Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant', type: 'invalid_request_message_order', code: '3230' }
    })
    expect(checkChatRequest(chat({ messages: [user, result] }))).toMatchObject({ body: { message: "Unexpected role 'tool' after role 'user'" } })
    expect(checkChatRequest(chat({ messages: [user, call, { ...result, tool_call_id: 'k2Lm9QaZx' }] }))).toMatchObject({ body: { message: 'Unexpected tool call id k2Lm9QaZx in tool results' } })
    expect(checkChatRequest(chat({ messages: [user, call, user] }))).toMatchObject({ body: { message: 'Not the same number of function calls and responses' } })
    expect(checkChatRequest(chat({ messages: [user, { role: 'assistant', content: '' }, user] }))).toMatchObject({ body: { message: 'Assistant message must have either content or tool_calls, but not none.' } })
  })
})

describe('the stand-in over HTTP', () => {
  let fake: FakeMistral
  beforeAll(async () => (fake = await startFakeMistral({ apiKey: 'right-key' })))
  afterAll(() => fake.close())
  const post = (path: string, body: unknown, key = 'right-key') =>
    fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })

  it("answers a wrong key as Mistral's gateway does, and an unknown path as its API does", async () => {
    const refused = await post('/chat/completions', chat({}), 'wrong-key')
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ message: 'Unauthorized' })
    const unknown = await post('/completions', chat({}))
    expect(unknown.status).toBe(404)
  })

  it('streams a scripted answer as Mistral does: a role chunk, word pieces, finish reason and usage last, then [DONE]', async () => {
    fake.answer({ text: 'One, two, three.' })
    const response = await post('/chat/completions', chat({ stream: true }))
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = (await response.text()).split('\n\n').filter(Boolean)
    expect(events.at(-1)).toBe('data: [DONE]')
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')))
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' })
    expect(chunks.slice(1).map((chunk) => chunk.choices[0].delta.content)).toEqual(['One,', ' two,', ' three.'])
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1)
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage: { completion_tokens: 3 } })
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === undefined && chunk.choices[0].finish_reason === null)).toBe(true)
  })

  it('calls tools with fresh nine-character ids', async () => {
    fake.answer({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] })
    const body = await (await post('/chat/completions', chat({}))).json()
    expect(body.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ id: expect.stringMatching(/^[A-Za-z0-9]{9}$/), function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] } })
  })

  it('refuses a chat completion it has no answer for', async () => {
    const response = await post('/chat/completions', chat({}))
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(/no answer queued/)
  })

  it('embeds each text as the same 1024 numbers every time', async () => {
    const first = await (await post('/embeddings', { model: 'mistral-embed', input: ['red apple', 'green pear'] })).json()
    const again = await (await post('/embeddings', { model: 'mistral-embed', input: 'red apple' })).json()
    expect(first.data).toHaveLength(2)
    expect(first.data[0].embedding).toHaveLength(1024)
    expect(again.data[0].embedding).toEqual(first.data[0].embedding)
    expect(first.data[1].embedding).not.toEqual(first.data[0].embedding)
  })
})

describe('splitIntoPieces', () => {
  it('cuts text into words with the space before each, losing nothing', () => {
    expect(splitIntoPieces('One, two,  three. ')).toEqual(['One,', ' two,', '  three. '])
    expect(splitIntoPieces('One, two,  three. ').join('')).toBe('One, two,  three. ')
  })
})
