import { afterEach, describe, expect, it } from 'vitest'
import { startFakeGemini, textResponse, textStream, type FakeGemini } from '../test/fake-gemini-server.js'

// The stand-in the other tests (and other suites, through ./testing) rely on to refuse what the
// Gemini API refuses: checked here with raw HTTP, since the provider never sends such requests.

const apiKey = 'AIzaSyStandIn0123456789abcdefghijklmn'
const hello = { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] }

let server: FakeGemini | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function standIn() {
  server = await startFakeGemini(
    {
      generateContent: { json: textResponse('Hi') },
      streamGenerateContent: textStream(['H', 'i']),
      batchEmbedContents: { json: { embeddings: [{ values: [0.1] }] } }
    },
    { apiKey }
  )
  return server
}

async function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': apiKey }) {
  const response = await fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, error: response.ok ? undefined : (JSON.parse(text).error as { code: number; status: string; message: string }) }
}

const generate = '/v1beta/models/gemini-2.5-flash:generateContent'

describe('the Gemini stand-in', () => {
  it('answers a documented request', async () => {
    await standIn()
    const answer = await post(generate, { ...hello, systemInstruction: { parts: [{ text: 'Be brief.' }] }, generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } } })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text).candidates[0].content.parts).toEqual([{ text: 'Hi' }])
  })

  it("refuses a request without a key, or with another key, as Google does", async () => {
    await standIn()
    expect((await post(generate, hello, {})).error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' })
    expect((await post(generate, hello, { 'x-goog-api-key': 'AIzaSyOther' })).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.' })
    expect((await post(`${generate}?key=${apiKey}`, hello)).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
  })

  it('refuses an unknown field in Google’s words', async () => {
    await standIn()
    const { error } = await post(generate, { ...hello, generationConfig: { maxTokens: 10 } })
    expect(error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: `Invalid JSON payload received. Unknown name "maxTokens" at 'generationConfig': Cannot find field.` })
  })

  it('refuses what the schema forbids, naming the field', async () => {
    await standIn()
    expect((await post(generate, { contents: [{ role: 'assistant', parts: [{ text: 'Hi' }] }] })).error?.message).toContain('GenerateContentRequest.contents[0].role')
    expect((await post(generate, { contents: [{ role: 'model', parts: [{ text: 'Hi', functionCall: { name: 'now', args: {} } }] }] })).error?.message).toContain('contents[0].parts[0]: must match exactly one schema in oneOf')
    expect((await post(generate, { ...hello, generationConfig: { responseJsonSchema: { type: 'object' } } })).error?.message).toContain("generationConfig: must have required property 'responseMimeType'")
    expect((await post(generate, { contents: [] })).error?.message).toContain('contents: must NOT have fewer than 1 items')
  })

  it('streams only over alt=sse, in CRLF-framed events', async () => {
    await standIn()
    expect((await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent', hello)).error).toMatchObject({ code: 400 })
    const answer = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', hello)
    expect(answer.headers.get('content-type')).toBe('text/event-stream')
    expect(answer.text.split('\r\n\r\n').filter(Boolean).map((event) => JSON.parse(event.replace(/^data: /, '')).candidates[0].content.parts[0].text)).toEqual(['H', 'i'])
  })

  it('refuses embedding requests for another model than the URL’s, or more than 100 of them', async () => {
    await standIn()
    const embed = (model: string, count = 1) => ({ requests: Array.from({ length: count }, () => ({ model, content: { parts: [{ text: 'x' }] } })) })
    expect((await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', embed('models/gemini-embedding-001'))).status).toBe(200)
    expect((await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', embed('models/text-embedding-004'))).error?.message).toContain('requests[0].model')
    expect((await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', embed('models/gemini-embedding-001', 101))).error?.message).toContain('must NOT have more than 100 items')
  })

  it('answers 404 for a method it does not serve, and sends it to no handler', async () => {
    await standIn()
    expect((await post('/v1beta/models/gemini-2.5-flash:countTokens', hello)).error).toMatchObject({ code: 404, status: 'NOT_FOUND' })
    expect((await post('/v1/chat/completions', hello)).error).toMatchObject({ code: 404 })
  })
})
