import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completion, startFakeAzureOpenAi, type FakeAzureOpenAi } from '../test/fake-azure-openai.js'

// The stand-in's own checks: the provider's tests rely on it refusing what Azure refuses.
const apiKey = 'stand-in-key-5c1d'
let fake: FakeAzureOpenAi

beforeAll(async () => {
  fake = await startFakeAzureOpenAi({
    apiKey,
    deployments: { chat: { model: 'gpt-4o-2024-11-20', chat: completion({ model: 'gpt-4o-2024-11-20', content: 'ok', usage: { prompt_tokens: 1, completion_tokens: 1 } }) } }
  })
})
afterAll(() => fake.close())

async function post(path: string, body: unknown, headers: Record<string, string> = { 'api-key': apiKey }) {
  const response = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: response.status, region: response.headers.get('x-ms-region'), body: (await response.json()) as { error?: { code?: string | null; message: string } } }
}

const chatPath = '/openai/deployments/chat/chat/completions?api-version=2024-10-21'
const hello = { messages: [{ role: 'user', content: 'Hello' }] }

describe('Azure OpenAI stand-in', () => {
  it('answers a valid request, with Azure headers', async () => {
    expect(await post(chatPath, hello)).toMatchObject({ status: 200, region: 'Sweden Central' })
  })

  it('refuses a request without the key with 401', async () => {
    const { status, body } = await post(chatPath, hello, {})
    expect(status).toBe(401)
    expect(body.error).toMatchObject({ code: '401', message: expect.stringContaining('Access denied due to invalid subscription key') })
  })

  it('answers 404 without an api-version it knows, and for a deployment the resource lacks', async () => {
    expect((await post('/openai/deployments/chat/chat/completions', hello)).status).toBe(404)
    expect((await post('/openai/deployments/chat/chat/completions?api-version=2023-01-01', hello)).status).toBe(404)
    const missing = await post('/openai/deployments/gpt-5/chat/completions?api-version=2024-10-21', hello)
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'DeploymentNotFound' } } })
  })

  it('refuses fields the api-version does not document, as Azure words it', async () => {
    const streamed = { ...hello, stream: true, stream_options: { include_usage: true } }
    const older = await post('/openai/deployments/chat/chat/completions?api-version=2024-06-01', streamed)
    expect(older).toMatchObject({ status: 400, body: { error: { message: 'Unrecognized request argument supplied: stream_options' } } })
    const format = { ...hello, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }
    expect((await post('/openai/deployments/chat/chat/completions?api-version=2024-06-01', format)).status).toBe(400)
    expect((await post(chatPath, { ...hello, temprature: 1 })).body.error?.message).toBe('Unrecognized request argument supplied: temprature')
  })

  it('names what is wrong in a message or a value', async () => {
    const orphan = await post(chatPath, { messages: [{ role: 'tool', content: '{}' }] })
    expect(orphan).toMatchObject({ status: 400, body: { error: { message: "'messages.0.tool_call_id' is a required property" } } })
    expect((await post(chatPath, { ...hello, temperature: 3 })).body.error?.message).toBe("'temperature' must be <= 2")
    expect((await post(chatPath, { ...hello, stream_options: { include_usage: true } })).body.error?.message).toContain("'stream' is a required property")
  })
})
