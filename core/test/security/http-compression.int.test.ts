import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveWorkspaceRoute } from '../../src/http/serve-workspace.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

// The workspace's files and the API's larger answers go compressed when the client accepts it
// (brotli, else gzip) and decode to the same bytes; event streams, small answers and files, and
// refusals stay as they are.
// Raw node:http, since fetch decodes silently.

let server: TestServer
let tenant: TestTenant
let workspace: Server
let workspaceUrl: string
const script = `export const greeting = ${JSON.stringify('hello '.repeat(2000))}\n`

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
  // A built workspace of its own, served by the server's file route.
  const root = mkdtempSync(path.join(tmpdir(), 'troupe-workspace-'))
  const shell = path.join(root, 'shell')
  mkdirSync(path.join(shell, 'assets'), { recursive: true })
  writeFileSync(path.join(shell, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(path.join(shell, 'assets', 'app-1234.js'), script)
  writeFileSync(path.join(shell, 'assets', 'tiny-1234.js'), 'export {}\n')
  const app = new Koa()
  const route = serveWorkspaceRoute({ shell, mfeRoot: path.join(root, 'mfe') })
  app.use((ctx, next) => route(ctx as never, next))
  workspace = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => workspace.once('listening', resolve))
  workspaceUrl = `http://127.0.0.1:${(workspace.address() as { port: number }).port}`
})
afterAll(async () => {
  await server?.close()
  await new Promise((resolve) => workspace?.close(resolve))
})

/** One raw GET: status, headers and the undecoded body. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const call = request(url, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    call.on('error', reject)
    call.end()
  })
}

describe('compressed answers', () => {
  it("are the workspace's files, brotli or gzip as the client accepts, decoding to the same bytes", async () => {
    const file = `${workspaceUrl}/assets/app-1234.js`
    const plain = await rawGet(file, {})
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString('utf8')).toBe(script)
    const br = await rawGet(file, { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.headers['cache-control']).toContain('immutable')
    expect(br.body.length).toBeLessThan(script.length / 10)
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(script)
    const gzip = await rawGet(file, { 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(script)
    expect((await rawGet(file, { 'accept-encoding': 'gzip;q=0, br;q=0' })).headers['content-encoding']).toBeUndefined()
    expect((await rawGet(`${workspaceUrl}/assets/tiny-1234.js`, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined()
    const odd = await rawGet(file, { 'accept-encoding': `${'x;q=0.5, '.repeat(800)}gzip` })
    expect(gunzipSync(odd.body).toString('utf8')).toBe(script)
  })

  it('are the API\'s answers of 8 KiB or more, at the cheapest settings; small answers, refusals and event streams go as they are', async () => {
    const auth = { authorization: `Bearer ${tenant.admin.accessToken}` }
    const plain = await rawGet(`${server.url}/api/v1/node-types`, auth)
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.length).toBeGreaterThan(8 * 1024)
    const br = await rawGet(`${server.url}/api/v1/node-types`, { ...auth, 'accept-encoding': 'gzip, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.body.length).toBeLessThan(plain.body.length / 3)
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')))
    const gzip = await rawGet(`${server.url}/api/v1/node-types`, { ...auth, 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')))

    const small = await rawGet(`${server.url}/api/v1/flows`, { ...auth, 'accept-encoding': 'gzip, br' })
    expect(small.status).toBe(200)
    expect(small.headers['content-encoding']).toBeUndefined()
    const anonymous = await rawGet(`${server.url}/api/v1/flows`, { 'accept-encoding': 'gzip, br' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['content-encoding']).toBeUndefined()

    const flow = await tenant.admin.http.post('/flows', { name: 'streamed', nodes: [{ id: 'in', type: 'trigger.manual' }, { id: 'out', type: 'flow.output' }], edges: [{ id: 'e', source: 'in', target: 'out' }] })
    const execution = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: { text: 'x'.repeat(20_000) } })
    for (let tries = 0; tries < 200 && (await tenant.admin.http.get(`/executions/${execution.body.id}`)).body.status !== 'succeeded'; tries++) await new Promise((resolve) => setTimeout(resolve, 25))
    const stream = await rawGet(`${server.url}/api/v1/executions/${execution.body.id}/events`, { ...auth, accept: 'text/event-stream', 'accept-encoding': 'gzip, br' })
    expect(stream.status).toBe(200)
    expect(stream.headers['content-encoding']).toBeUndefined()
    expect(stream.body.toString('utf8')).toContain('execution.completed')
  })
})
