import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

// Answers go compressed when the client accepts it (brotli, else gzip), big enough and not an
// event stream; the bytes decode to the same answer. Raw node:http, since fetch decodes silently.

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

/** One raw GET: status, headers and the undecoded body. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const call = request(`${server.url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    call.on('error', reject)
    call.end()
  })
}

const auth = () => ({ authorization: `Bearer ${tenant.admin.accessToken}` })

describe('compressed answers', () => {
  it('are brotli or gzip as the client accepts, and decode to the same JSON', async () => {
    const plain = await rawGet('/api/v1/node-types', auth())
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.length).toBeGreaterThan(1024)
    const expected = JSON.parse(plain.body.toString('utf8'))

    const br = await rawGet('/api/v1/node-types', { ...auth(), 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.body.length).toBeLessThan(plain.body.length / 2)
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(expected)

    const gzip = await rawGet('/api/v1/node-types', { ...auth(), 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toEqual(expected)

    const refused = await rawGet('/api/v1/node-types', { ...auth(), 'accept-encoding': 'gzip;q=0, br;q=0' })
    expect(refused.headers['content-encoding']).toBeUndefined()
  })

  it('leave small answers, errors and hostile Accept-Encoding headers alone', async () => {
    const small = await rawGet('/api/v1/flows?$limit=1', { ...auth(), 'accept-encoding': 'gzip' })
    expect(small.status).toBe(200)
    expect(small.headers['content-encoding']).toBeUndefined()
    const anonymous = await rawGet('/api/v1/flows', { 'accept-encoding': 'gzip, br' })
    expect(anonymous.status).toBe(401)
    const odd = await rawGet('/api/v1/node-types', { ...auth(), 'accept-encoding': `${'x;q=0.5, '.repeat(800)}gzip` })
    expect(odd.status).toBe(200)
    expect(JSON.parse(gunzipSync(odd.body).toString('utf8'))).toBeTruthy()
  })

  it('never hold back an event stream', async () => {
    const flow = await tenant.admin.http.post('/flows', flowBody('slow', [node('start', 'trigger.manual'), node('wait', 'util.delay', { ms: 400 })], [['start', 'wait']]))
    const started = await tenant.admin.http.post('/executions', { flowId: flow.body.id })
    const first = await new Promise<{ encoding: unknown; type: unknown; text: string }>((resolve, reject) => {
      const call = request(`${server.url}/api/v1/executions/${started.body.id}/events`, { headers: { ...auth(), 'accept-encoding': 'gzip, br' } }, (response) => {
        response.once('data', (chunk: Buffer) => {
          resolve({ encoding: response.headers['content-encoding'], type: response.headers['content-type'], text: chunk.toString('utf8') })
          call.destroy()
        })
      })
      call.on('error', reject)
      call.end()
    })
    expect(first.type).toMatch(/text\/event-stream/)
    expect(first.encoding).toBeUndefined()
    expect(first.text).toMatch(/^(id|event|data|:|retry)/m)
  })
})
