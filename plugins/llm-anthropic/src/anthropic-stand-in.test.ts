import { afterEach, describe, expect, it } from 'vitest'
import { message, problemOf, startFakeAnthropic, text, type FakeAnthropic } from '../test/anthropic-stand-in.js'

const valid = { model: 'claude-sonnet-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] }
const toolTurn = [
  { role: 'user', content: 'Weather in Oslo?' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Oslo' } }] }
]

describe('the stand-in’s check of a request body', () => {
  it('takes a request the API takes', () => {
    expect(problemOf(valid)).toBeUndefined()
    expect(
      problemOf({
        ...valid,
        system: 'Be brief.',
        stream: true,
        tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
        messages: [...toolTurn, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: '4 °C' }] }]
      })
    ).toBeUndefined()
  })

  it.each([
    [{ ...valid, temperature: 0.7 }, 'temperature: Extra inputs are not permitted'],
    [{ model: 'claude-sonnet-5-5', messages: valid.messages }, 'max_tokens: Field required'],
    [{ ...valid, messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role: Input tag "tool" found using \'role\' does not match any of the expected tags'],
    [{ ...valid, messages: [{ role: 'user', content: [{ type: 'image_url', url: 'x' }] }] }, 'messages.0.content.0.type: Input tag "image_url" found using \'type\' does not match any of the expected tags'],
    [{ ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text: Field required'],
    [{ ...valid, tools: [{ name: 'get weather', input_schema: { type: 'object' } }] }, 'tools.0.name: must match pattern "^[a-zA-Z0-9_-]{1,64}$"'],
    [{ ...valid, tools: [{ name: 'now', parameters: {} }] }, 'tools.0.input_schema: Field required'],
    [{ ...valid, messages: [{ role: 'user', content: '' }] }, 'messages.0: all messages must have non-empty content except for the optional final assistant message']
  ])('refuses %j: %s', (body, problem) => {
    expect(problemOf(body)).toBe(problem)
  })

  it('refuses tool calls without their results right after, and results of no call', () => {
    expect(problemOf({ ...valid, messages: [...toolTurn, { role: 'user', content: 'Well?' }] })).toBe(
      'messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01A. Each `tool_use` block must have a corresponding `tool_result` block in the next message.'
    )
    const results = [
      { type: 'tool_result', tool_use_id: 'toolu_01A', content: '4 °C' },
      { type: 'tool_result', tool_use_id: 'toolu_01Z' }
    ]
    expect(problemOf({ ...valid, messages: [...toolTurn, { role: 'user', content: results }] })).toBe(
      'messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01Z. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'
    )
  })

  it('refuses a tool-use turn it answered with thinking when the thinking is missing or changed', () => {
    const issued = new Map([['toolu_01A', [{ type: 'thinking' as const, thinking: 'A lookup.', signature: 'c2ln' }]]])
    const answered = (assistant: unknown[]) => ({ ...valid, messages: [toolTurn[0], { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: '4' }] }] })
    const use = { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Oslo' } }
    expect(problemOf(answered([{ type: 'thinking', thinking: 'A lookup.', signature: 'c2ln' }, use]), issued)).toBeUndefined()
    expect(problemOf(answered([use]), issued)).toMatch(/^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/)
    expect(problemOf(answered([{ type: 'thinking', thinking: 'Another lookup.', signature: 'c2ln' }, use]), issued)).toMatch(/^messages\.1\.content\.0: `thinking` or `redacted_thinking` blocks in the latest assistant message cannot be modified/)
  })
})

describe('the stand-in over HTTP', () => {
  let server: FakeAnthropic | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  const post = (path: string, headers: Record<string, string>, body: unknown = valid) =>
    fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('answers valid requests with the handler’s reply, and refuses the rest in the API’s error format', async () => {
    server = await startFakeAnthropic({ json: message({ content: [text('Hi')] }) })
    const auth = { 'x-api-key': server.apiKey, 'anthropic-version': '2023-06-01' }
    const ok = await post('/v1/messages', auth)
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hi' }] })

    const wrongKey = await post('/v1/messages', { ...auth, 'x-api-key': 'sk-ant-wrong' })
    expect(wrongKey.status).toBe(401)
    expect(await wrongKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: expect.stringMatching(/^req_011C/) })

    const noVersion = await post('/v1/messages', { 'x-api-key': server.apiKey })
    expect(noVersion.status).toBe(400)
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } })

    const invalid = await post('/v1/messages', auth, { ...valid, temperature: 1 })
    expect(await invalid.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'temperature: Extra inputs are not permitted' } })

    expect((await post('/v1/complete', auth)).status).toBe(404)
    expect(server.requests.map((request) => request.path)).toEqual(['/v1/messages', '/v1/messages', '/v1/messages', '/v1/messages', '/v1/complete'])
  })
})
