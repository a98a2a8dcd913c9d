import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkOutboundUrl } from './check-outbound-url.js'
import { createGuardedFetch } from './guarded-fetch.js'

let server: Server
let base: string

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/redirect-to-metadata') {
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
afterAll(() => new Promise((resolve) => server.close(resolve)))

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
    ['http://10.0.0.5/', /private/],
    ['not a url', /not a valid URL/]
  ])('refuses %s when loopback is not allowed', async (url, message) => {
    await expect(checkOutboundUrl(url, strict)).rejects.toThrow(message)
  })

  it('accepts loopback for local model servers when allowed', async () => {
    await expect(checkOutboundUrl('http://127.0.0.1:11434/v1', local)).resolves.toBeInstanceOf(URL)
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

  it('caps the response size', async () => {
    const response = await createGuardedFetch({ policy: local, maxResponseBytes: 1000 })(`${base}/big`)
    await expect(response.text()).rejects.toThrow()
  })
})
