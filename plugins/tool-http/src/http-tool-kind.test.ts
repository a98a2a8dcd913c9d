import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HttpToolSettings } from '@troupe/sdk'
import type { ToolKindCall } from '@troupe/sdk/plugin'
import { httpToolKind } from './http-tool-kind.js'

let server: Server
let base: string
const received: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = []

beforeAll(async () => {
  server = createServer(async (request, response) => {
    received.push({ method: request.method, url: request.url, headers: request.headers, body: await text(request) })
    if (request.url?.startsWith('/fail')) {
      response.writeHead(502, { 'content-type': 'text/plain' })
      return response.end(`upstream said no to ${request.headers.authorization} ${'.'.repeat(1000)}`)
    }
    response.writeHead(200, { 'content-type': request.url?.startsWith('/text') ? 'text/plain' : 'application/json' })
    response.end(request.url?.startsWith('/text') ? 'plain words' : JSON.stringify({ ok: true }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

function call(settings: HttpToolSettings, args: Record<string, unknown> = {}, secrets: Record<string, string> = {}): ToolKindCall<HttpToolSettings> {
  return { settings, args, secrets, fetch, redact: (value) => Object.values(secrets).reduce((out, secret) => out.replaceAll(secret, '[redacted]'), value), tenantId: 't', signal: AbortSignal.timeout(5_000), plugin: { settings: {}, state: undefined } }
}

describe('the http tool kind', () => {
  it('fills the URL (percent-encoded), headers and body from the arguments and secrets, and parses a JSON answer', async () => {
    const answer = await httpToolKind.invoke(
      call({ method: 'POST', url: `${base}/items/{{ args.id }}?q={{ args.q }}`, headers: { authorization: 'Bearer {{ secrets.token }}' }, body: { name: '{{ args.name }}', count: '{{ args.count }}' } }, { id: 'a/b', q: 'x&y', name: 'Ada', count: 3 }, { token: 'tok-123' })
    )
    expect(answer).toEqual({ result: { status: 200, contentType: 'application/json', body: { ok: true } }, logs: [`POST ${base} → 200`] })
    const last = received.at(-1)!
    expect(last).toMatchObject({ method: 'POST', url: '/items/a%2Fb?q=x%26y', body: JSON.stringify({ name: 'Ada', count: 3 }) })
    expect(last.headers).toMatchObject({ authorization: 'Bearer tok-123', 'content-type': 'application/json' })
  })

  it('answers a text body as text, and sends no body with GET', async () => {
    const answer = await httpToolKind.invoke(call({ method: 'GET', url: `${base}/text`, body: { ignored: true } }))
    expect(answer.result).toMatchObject({ status: 200, body: 'plain words' })
    expect(received.at(-1)?.body).toBe('')
  })

  it('fails on a status of 400 or more, quoting the answer redacted before it is cut', async () => {
    const failing = httpToolKind.invoke(call({ method: 'GET', url: `${base}/fail`, headers: { authorization: '{{ secrets.token }}' } }, {}, { token: 'tok-secret-9' }))
    await expect(failing).rejects.toThrow(/^HTTP 502 from 127\.0\.0\.1:\d+: upstream said no to \[redacted\] \.+$/)
    await expect(failing).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('tok-secret-9') }))
  })

  it('refuses a header that arguments would split, and secrets going to another origin than the bound one', async () => {
    await expect(httpToolKind.invoke(call({ method: 'GET', url: `${base}/`, headers: { 'x-name': '{{ args.name }}' } }, { name: 'a\r\nx-evil: 1' }))).rejects.toThrow(/Header x-name would contain a line break/)
    await expect(httpToolKind.invoke(call({ method: 'GET', url: '{{ args.url }}', headers: { authorization: '{{ secrets.token }}' } }, { url: 'https://elsewhere.test/' }, { token: 'tok' }))).rejects.toThrow(/would send its secrets to https:\/\/elsewhere\.test/)
  })

  it('judges a URL at save by its shape, and names the fixed origin and per-tool limits', () => {
    const check = (url: string) => httpToolKind.checkSettings!({ method: 'GET', url }, { checkOutboundUrl: async () => undefined })
    expect(check('https://api.example.com/{{ args.path }}')).toEqual([])
    expect(check('not a url')).toEqual([{ field: 'url', message: 'is not a valid URL' }])
    expect(check('ftp://files.example.com/')).toEqual([{ field: 'url', message: 'must use http or https' }])
    expect(check('https://user:pass@api.example.com/')).toEqual([{ field: 'url', message: 'must not carry credentials; put them in secrets' }])
    expect(httpToolKind.destination!({ method: 'GET', url: 'https://api.example.com/{{ args.x }}' })).toBe('https://api.example.com')
    expect(httpToolKind.destination!({ method: 'GET', url: 'https://{{ args.host }}/' })).toBeNull()
    expect(httpToolKind.limits!({ method: 'GET', url: 'https://a.test/', timeoutMs: 500 })).toEqual({ timeoutMs: 500, maxResponseBytes: 1024 * 1024 })
  })
})
