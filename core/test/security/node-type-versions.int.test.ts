import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

/**
 * `typeVersion` is the client's to send: values that are no version are a 400 naming the field,
 * a version nobody provides too, and nothing is stored for any of them.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/versioned-nodes.ts' })
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

describe('hostile node type versions', () => {
  it.each([0, -1, 1.5, 1001, 2 ** 53, '2', null, [2], { $gt: 0 }])('refuses typeVersion %j naming the field, storing nothing', async (typeVersion) => {
    const before = (await tenant.admin.http.get('/flows?$limit=0')).body.total
    const response = await tenant.admin.http.post('/flows', flowBody('hostile', [node('in', 'trigger.manual'), { ...node('greet', 'test.greet'), typeVersion } as never], [['in', 'greet']]))
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body.data ?? response.body)).toContain('typeVersion')
    expect((await tenant.admin.http.get('/flows?$limit=0')).body.total).toBe(before)
  })

  it('refuses a version of a type that exists only in another version, for every node at once', async () => {
    const nodes = [node('in', 'trigger.manual'), ...Array.from({ length: 200 }, (_, i) => ({ ...node(`g${i}`, 'test.greet'), typeVersion: 7 }))]
    const response = await tenant.admin.http.post('/flows', flowBody('many', nodes, nodes.slice(1).map((target): [string, string] => ['in', target.id])))
    expect(response.status).toBe(400)
    expect(response.body.data.filter((error: { field: string }) => error.field.endsWith('.typeVersion'))).toHaveLength(200)
  })

  it('does not let a viewer save a flow at any version', async () => {
    const viewer = await tenant.addUser('viewer')
    const response = await viewer.http.post('/flows', flowBody('viewer', [node('in', 'trigger.manual'), { ...node('greet', 'test.greet'), typeVersion: 1 }], [['in', 'greet']]))
    expect(response.status).toBe(403)
  })
})
