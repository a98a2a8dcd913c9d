import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'
import { up as fillTypeVersions } from '../migrations/tenant/0012-node-type-versions.js'
import { tenantSchemaName } from '../src/db/tenant-schema.js'

/**
 * Node types keyed on type and major version: a flow keeps running on the version each node was
 * saved with, new nodes get the latest, and a version no plugin provides fails validation naming
 * the node and the version.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/versioned-nodes.ts' })
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const greetFlow = (name: string, greet: ReturnType<typeof node>) =>
  flowBody(name, [node('in', 'trigger.manual'), greet, node('out', 'flow.output')], [['in', 'greet'], ['greet', 'out']])

async function run(flowId: string) {
  const execution = await created(tenant.admin, '/executions', { flowId, input: { name: 'Ann' } })
  return waitForExecution(tenant.admin.http.get, execution.id)
}

describe('node type versions', () => {
  it('lists the latest version of a type with every version loaded', async () => {
    const response = await tenant.admin.http.get('/node-types/test.greet')
    expect(response.body).toMatchObject({ type: 'test.greet', version: 2, versions: [1, 2] })
    expect((await tenant.admin.http.get('/node-types/trigger.manual')).body).toMatchObject({ version: 1, versions: [1] })
  })

  it('gives a new node the latest version, and an old flow keeps running on its own', async () => {
    const latest = await created(tenant.admin, '/flows', greetFlow('latest', node('greet', 'test.greet', { greeting: 'Hey' })))
    expect(latest.nodes.map((saved: { typeVersion: number }) => saved.typeVersion)).toEqual([1, 2, 1])
    expect(await run(latest.id)).toMatchObject({ status: 'succeeded', output: { greeting: 'Hey', name: 'Ann' } })

    const old = await created(tenant.admin, '/flows', greetFlow('old', { ...node('greet', 'test.greet'), typeVersion: 1 }))
    expect(await run(old.id)).toMatchObject({ status: 'succeeded', output: 'Hello, Ann' })
    // Saved again as read (the editor's round trip): still version 1.
    const saved = await tenant.admin.http.put(`/flows/${old.id}`, { name: 'old, renamed', nodes: old.nodes, edges: old.edges })
    expect(saved.status).toBe(200)
    expect(saved.body.nodes[1].typeVersion).toBe(1)
    expect(await run(old.id)).toMatchObject({ status: 'succeeded', output: 'Hello, Ann' })
  })

  it('checks params against the version the node names', async () => {
    const response = await tenant.admin.http.post('/flows', greetFlow('v1 has no greeting', { ...node('greet', 'test.greet', { greeting: 'Hey' }), typeVersion: 1 }))
    expect(response.status).toBe(400)
    expect(response.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^nodes\.1\.params/) })]))
  })

  it('refuses a version no plugin provides, naming the node and the version', async () => {
    const response = await tenant.admin.http.post('/flows', greetFlow('future', { ...node('greet', 'test.greet'), typeVersion: 3 }))
    expect(response.status).toBe(400)
    expect(response.body.data).toContainEqual({ field: 'nodes.1.typeVersion', message: 'node "greet" needs test.greet version 3, which no loaded plugin provides (loaded: 1, 2)' })
  })

  it('reads a stored node without a version as version 1, and the migration writes it in', async () => {
    const flow = await created(tenant.admin, '/flows', greetFlow('stored before versions', node('greet', 'test.greet')))
    const knex = server.app.get('knex')
    const schema = tenantSchemaName(tenant.id)
    const bare = flow.nodes.map(({ typeVersion: _version, ...rest }: { typeVersion: number }) => rest)
    await knex('flows').withSchema(schema).where({ id: flow.id }).update({ nodes: JSON.stringify(bare) })
    await knex('flowVersions').withSchema(schema).where({ flowId: flow.id }).update({ nodes: JSON.stringify(bare) })
    server.app.get('dispatcher').forgetFlow(flow.id)
    expect(await run(flow.id)).toMatchObject({ status: 'succeeded', output: 'Hello, Ann' })
    await fillTypeVersions(knex, schema)
    const [row] = await knex('flows').withSchema(schema).where({ id: flow.id })
    expect(row.nodes.map((saved: { typeVersion: number }) => saved.typeVersion)).toEqual([1, 1, 1])
  })
})
