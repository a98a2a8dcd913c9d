// The stand-in lives in test/ (exported as ./testing); its own checks are tested here, where the unit project looks.
import { afterEach, describe, expect, it } from 'vitest'
import { contentLine, errorLine, startFakeOllama, textReply, toolCallReply, type FakeOllama, type FakeRoutes } from '../test/fake-ollama-server.js'

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function post(routes: FakeRoutes, path: string, body: unknown, headers: Record<string, string> = {}) {
  server ??= await startFakeOllama(routes, { apiKey: headers.authorization ? 'olp-key' : undefined })
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
}

const chat = { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] }

describe('the Ollama stand-in', () => {
  it('streams NDJSON lines stamped with the model asked for and their time', async () => {
    const { status, type, text } = await post({ 'POST /api/chat': textReply('Hi there') }, '/api/chat', chat)
    expect([status, type]).toEqual([200, 'application/x-ndjson'])
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((line) => line.message.content)).toEqual(['Hi', ' there', ''])
    expect(lines.every((line) => line.model === 'llama3.2' && !Number.isNaN(Date.parse(line.created_at)))).toBe(true)
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: 3, prompt_eval_count: 26 })
  })

  it('answers stream: false with the lines merged into one reply, as Ollama does', async () => {
    const calls = [{ id: 'call_a1b2c3d4', name: 'get_weather', arguments: { city: 'Oslo' } }]
    const { status, text } = await post({ 'POST /api/chat': toolCallReply(calls) }, '/api/chat', { ...chat, stream: false })
    expect(status).toBe(200)
    expect(JSON.parse(text)).toMatchObject({
      model: 'llama3.2',
      done: true,
      message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_a1b2c3d4', function: { index: 0, name: 'get_weather', arguments: { city: 'Oslo' } } }] }
    })
  })

  it('answers stream: false with a 500 for a stream that holds an error line', async () => {
    const { status, text } = await post({ 'POST /api/chat': { lines: [contentLine('Yes'), errorLine('model runner crashed')] } }, '/api/chat', { ...chat, stream: false })
    expect([status, JSON.parse(text)]).toEqual([500, { error: 'model runner crashed' }])
  })

  it('refuses a request that does not match the documented body, naming what is wrong', async () => {
    const routes = { 'POST /api/chat': textReply('never') }
    const wrong = await post(routes, '/api/chat', {
      model: 'llama3.2',
      messages: [{ role: 'developer', content: 'Hi' }],
      options: { max_tokens: 10 },
      max_tokens: 10
    })
    expect(wrong.status).toBe(400)
    const { error } = JSON.parse(wrong.text)
    expect(error).toContain('invalid request to /api/chat')
    expect(error).toContain('the body has an unknown field "max_tokens"')
    expect(error).toContain('messages.0.role must be one of system, user, assistant, tool')
    expect(error).toContain('options has an unknown field "max_tokens"')
    expect(JSON.parse((await post(routes, '/api/chat', { ...chat, keep_alive: '5 minutes' })).text).error).toContain('keep_alive must match pattern')
    expect(JSON.parse((await post(routes, '/api/chat', { model: 'llama3.2' })).text).error).toContain('the body lacks "messages"')
  })

  it('refuses an embedding request without input', async () => {
    const { status, text } = await post({ 'POST /api/embed': { json: {} } }, '/api/embed', { model: 'nomic-embed-text', inputs: ['a'] })
    expect(status).toBe(400)
    expect(JSON.parse(text).error).toContain('the body lacks "input"')
  })

  it('answers a body that is not JSON with the parse error', async () => {
    server = await startFakeOllama({ 'POST /api/chat': textReply('never') })
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: '{"model":' })
    expect(response.status).toBe(400)
    expect((await response.json()).error).toMatch(/JSON/)
  })

  it('answers a path without a handler as Ollama’s router does', async () => {
    const { status, text } = await post({}, '/v1/chat/completions', chat)
    expect([status, text]).toEqual([404, '404 page not found'])
  })

  it('refuses a call without the key it was given, as a proxy does', async () => {
    const routes = { 'POST /api/chat': textReply('ok') }
    expect((await post(routes, '/api/chat', chat, { authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await post(routes, '/api/chat', chat, { authorization: 'Bearer olp-key' })).status).toBe(200)
  })
})
