import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkOutboundUrl } from './check-outbound-url.js'
import { createGuardedFetch } from './guarded-fetch.js'

let server: Server
let base: string
let other: Server
let otherBase: string
/** The headers of every request the second origin received. */
const seenByOther: Array<Record<string, string | string[] | undefined>> = []
const seenByFirst: Array<Record<string, string | string[] | undefined>> = []

beforeAll(async () => {
  other = createServer((request, response) => {
    seenByOther.push(request.headers)
    request.resume()
    const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to')
    if (to) response.writeHead(307, { location: to }).end()
    else response.end('other')
  })
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
  server = createServer((request, response) => {
    seenByFirst.push(request.headers)
    const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to')
    if (to) {
      request.resume()
      response.writeHead(Number(new URL(request.url ?? '/', 'http://x').searchParams.get('status') ?? 307), { location: to }).end()
    } else if (request.url === '/redirect-to-metadata') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    } else if (request.url === '/redirect-home') {
      response.writeHead(302, { location: '/hello' }).end()
    } else if (request.url === '/big') {
      response.end('x'.repeat(10_000))
    } else {
      response.end('hello')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await new Promise((resolve) => other.close(resolve))
})

const local = { allowLoopback: true, allowPrivateNetworks: false }
const strict = { allowLoopback: false, allowPrivateNetworks: false }

describe('checkOutboundUrl', () => {
  it.each([
    ['http://169.254.169.254/latest', /metadata/],
    ['http://[fd00:ec2::254]/', /metadata/],
    ['file:///etc/passwd', /must use http or https, not file/],
    ['gopher://example.com', /must use http or https/],
    ['http://user:pass@example.com', /credentials/],
    ['http://0x7f000001/', /loopback/],
    ['http://2130706433/', /loopback/],
    ['http://127.1/', /loopback/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://localhost:11434/v1', /loopback/],
    ['http://127.0.0.1./', /loopback/],
    ['http://0177.0.0.1/', /loopback/],
    ['http://[::ffff:0:a9fe:a9fe]/', /metadata/],
    ['http://[fe80::1%25eth0]/', /not a valid URL/],
    ['http://10.0.0.5/', /private/],
    ['not a url', /not a valid URL/]
  ])('refuses %s when loopback is not allowed', async (url, message) => {
    await expect(checkOutboundUrl(url, strict)).rejects.toThrow(message)
  })

  it('accepts loopback for local model servers when allowed', async () => {
    await expect(checkOutboundUrl('http://127.0.0.1:11434/v1', local)).resolves.toBeInstanceOf(URL)
  })

  it('accepts an allow-listed endpoint on loopback, that port only, and never metadata', async () => {
    const listed = { ...strict, allowedEndpoints: new Set(['127.0.0.1:11434', 'localhost:8080', '169.254.169.254:80']) }
    await expect(checkOutboundUrl('http://127.0.0.1:11434/v1', listed)).resolves.toBeInstanceOf(URL)
    await expect(checkOutboundUrl('http://127.1:11434/v1', listed)).resolves.toBeInstanceOf(URL)
    await expect(checkOutboundUrl('http://localhost:8080/v1', listed)).resolves.toBeInstanceOf(URL)
    await expect(checkOutboundUrl('http://127.0.0.1:11435/v1', listed)).rejects.toThrow(/loopback/)
    await expect(checkOutboundUrl('http://169.254.169.254/', listed)).rejects.toThrow(/metadata/)
  })
})

describe('createGuardedFetch', () => {
  it('fetches allowed addresses', async () => {
    const response = await createGuardedFetch({ policy: local })(`${base}/hello`)
    expect(await response.text()).toBe('hello')
  })

  it('refuses a forbidden address at connect time', async () => {
    await expect(createGuardedFetch({ policy: strict })(`${base}/hello`)).rejects.toThrow(/loopback/)
    await expect(createGuardedFetch({ policy: strict })(`http://localhost:45678/`)).rejects.toThrow(/loopback/)
  })

  it('checks every redirect hop', async () => {
    await expect(createGuardedFetch({ policy: local })(`${base}/redirect-to-metadata`)).rejects.toThrow(/metadata/)
    const followed = await createGuardedFetch({ policy: local })(`${base}/redirect-home`)
    expect(await followed.text()).toBe('hello')
  })

  it('keeps credentials on a same-origin redirect', async () => {
    const before = seenByFirst.length
    const response = await createGuardedFetch({ policy: local })(`${base}/hop?to=${encodeURIComponent(`${base}/hello`)}`, {
      headers: { authorization: 'Bearer same-origin-secret', 'x-api-key': 'key-0123456789' }
    })
    expect(await response.text()).toBe('hello')
    expect(seenByFirst.slice(before).map((headers) => headers.authorization)).toEqual(['Bearer same-origin-secret', 'Bearer same-origin-secret'])
  })

  it.each([301, 302, 303, 307, 308])('drops every credential on a %s redirect to another origin', async (status) => {
    const secret = 'tool-secret-0123456789'
    const before = seenByOther.length
    const fetch = createGuardedFetch({ policy: local, secrets: [secret], secretHeaders: ['X-Marked'] })
    const response = await fetch(`${base}/hop?status=${status}&to=${encodeURIComponent(`${otherBase}/landed`)}`, {
      method: 'POST',
      body: '{}',
      headers: {
        authorization: `Bearer ${secret}`,
        cookie: 'session=1',
        'proxy-authorization': 'Basic eDp5',
        'x-api-key': secret,
        'x-basic': Buffer.from(`user:${secret}`).toString('base64'),
        'x-encoded': encodeURIComponent(secret),
        'x-marked': 'anything',
        'x-plain': 'kept'
      }
    })
    expect(await response.text()).toBe('other')
    const headers = seenByOther.slice(before)[0]
    for (const name of ['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'x-basic', 'x-encoded', 'x-marked']) expect(headers[name], name).toBeUndefined()
    expect(headers['x-plain']).toBe('kept')
  })

  it('does not give credentials back when a redirect returns to their origin', async () => {
    const before = seenByFirst.length
    const back = `${otherBase}/?to=${encodeURIComponent(`${base}/hello`)}`
    const response = await createGuardedFetch({ policy: local })(`${base}/hop?to=${encodeURIComponent(back)}`, { headers: { authorization: 'Bearer x' } })
    expect(await response.text()).toBe('hello')
    expect(seenByFirst.slice(before).map((headers) => headers.authorization)).toEqual(['Bearer x', undefined])
  })

  it('sends credentials only to the origin they are bound to, even on the first request', async () => {
    const before = seenByOther.length
    const fetch = createGuardedFetch({ policy: local, credentialOrigin: base })
    await (await fetch(`${otherBase}/direct`, { headers: { authorization: 'Bearer bound-elsewhere' } })).text()
    expect(seenByOther.slice(before)[0].authorization).toBeUndefined()
  })

  it('reaches an allow-listed endpoint on loopback, and only that one', async () => {
    const port = new URL(base).port
    const fetch = createGuardedFetch({ policy: { ...strict, allowedEndpoints: new Set([`127.0.0.1:${port}`]) } })
    expect(await (await fetch(`${base}/hello`)).text()).toBe('hello')
    expect(await (await fetch(`http://localhost:${port}/hello`).catch((error: Error) => ({ text: () => error.message }))).text()).toMatch(/loopback/)
    await expect(fetch(`${otherBase}/hello`)).rejects.toThrow(/loopback/)
  })

  it('caps the response size', async () => {
    const response = await createGuardedFetch({ policy: local, maxResponseBytes: 1000 })(`${base}/big`)
    await expect(response.text()).rejects.toThrow()
  })
})
