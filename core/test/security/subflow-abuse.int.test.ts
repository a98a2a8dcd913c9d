import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Sub-flows against hostile tenants and callers: another tenant's flow reads as no flow at all
 * (at save, never run); a client cannot forge a run's parent; another tenant's runs are never
 * listed as children; a tenant at its concurrency quota is not deadlocked by its own waiting
 * parents; a call to a bad id is a 400 naming the param.
 */
let server: TestServer
let tenant: TestTenant
let other: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  ;[tenant, other] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
})
afterAll(() => server?.close())

const leaf = (owner: TestTenant, name: string) => created(owner.admin, '/flows', flowBody(name, [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
const calling = (flowId: string, name = 'caller') => flowBody(name, [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId }), node('out', 'flow.output')], [['in', 'call'], ['call', 'out']])

describe('sub-flows against hostile callers', () => {
  it('another tenant\'s flow is no flow at all: the save is refused as for an id that never existed', async () => {
    const theirs = await leaf(other, 'their private flow')
    const answer = await tenant.admin.http.post('/flows', calling(theirs.id))
    expect(answer.status).toBe(400)
    expect(answer.body.data).toEqual([{ field: 'nodes.1.params.flowId', message: 'is not a flow of this tenant' }])
    expect(JSON.stringify(answer.body)).not.toContain('their private flow')
    expect((await other.admin.http.get(`/executions?flowId=${theirs.id}`)).body.data).toEqual([])
  })

  it('a flow id that is not one is refused by the schema, naming the param', async () => {
    const answer = await tenant.admin.http.post('/flows', calling('{{ input.flowId }}'))
    expect(answer.status).toBe(400)
    expect(answer.body.data[0].field).toBe('nodes.1.params.flowId')
  })

  it('a client cannot forge a run\'s parent, and never sees another tenant\'s runs as children', async () => {
    const target = await leaf(tenant, 'plain')
    const theirs = await leaf(other, 'theirs')
    const theirRun = await created(other.admin, '/executions', { flowId: theirs.id, input: {} })
    for (const field of ['parentExecutionId', 'parentNodeId', 'callKey']) {
      const forged = await tenant.admin.http.post('/executions', { flowId: target.id, input: {}, [field]: field === 'parentNodeId' || field === 'callKey' ? 'x' : theirRun.id })
      expect(forged.status).toBe(400)
    }
    expect((await tenant.admin.http.get(`/executions?parentExecutionId=${theirRun.id}`)).body.data).toEqual([])
    expect((await httpClient(server.url).get(`/executions?parentExecutionId=${theirRun.id}`)).status).toBe(401)
    // A viewer lists children but cannot start a run that would start them.
    const viewer = await tenant.addUser('viewer')
    expect((await viewer.http.get(`/executions?parentExecutionId=${theirRun.id}`)).status).toBe(200)
    const caller = await created(tenant.admin, '/flows', calling(target.id, 'viewer cannot run this'))
    expect((await viewer.http.post('/executions', { flowId: caller.id, input: {} })).status).toBe(403)
  })

  it('a tenant at its concurrency quota still finishes a parent and its sub-flow: a waiting parent holds no slot', async () => {
    const small = await signupTenant(server.url)
    await server.app.get('knex')('tenants').withSchema('public').where({ id: small.id }).update({ maxConcurrentExecutions: 1 })
    const target = await leaf(small, 'leaf')
    const caller = await created(small.admin, '/flows', calling(target.id))
    const execution = await created(small.admin, '/executions', { flowId: caller.id, input: { fine: true } })
    expect(await waitForExecution(small.admin.http.get, execution.id)).toMatchObject({ status: 'succeeded', output: { fine: true } })
  })

  it('a map is held to its limits: another tenant\'s flow, a concurrency out of range, too many items', async () => {
    const theirs = await leaf(other, 'their flow for maps')
    const mapping = (flowId: string, extra: Record<string, unknown> = {}) =>
      flowBody('maps', [node('in', 'trigger.manual'), node('map', 'flow.map', { items: 'value.list', flowId, ...extra }), node('out', 'flow.output')], [['in', 'map'], ['map', 'out']])
    const foreign = await tenant.admin.http.post('/flows', mapping(theirs.id))
    expect(foreign.status).toBe(400)
    expect(foreign.body.data).toEqual([{ field: 'nodes.1.params.flowId', message: 'is not a flow of this tenant' }])
    const target = await leaf(tenant, 'mapped')
    const greedy = await tenant.admin.http.post('/flows', mapping(target.id, { concurrency: 5000 }))
    expect(greedy.status).toBe(400)
    expect(greedy.body.data[0].field).toBe('nodes.1.params.concurrency')
    const flow = await created(tenant.admin, '/flows', mapping(target.id))
    const huge = await created(tenant.admin, '/executions', { flowId: flow.id, input: { list: Array.from({ length: 100_001 }, () => 0) } })
    const refused = await waitForExecution(tenant.admin.http.get, huge.id)
    expect(refused.status).toBe('failed')
    expect(refused.error).toContain('items gave 100001 items; a map runs at most 100000')
    expect((await tenant.admin.http.get(`/executions?parentExecutionId=${huge.id}`)).body.data).toEqual([])
  })

  it('a wide flow of calls is saved (each called flow is read once)', async () => {
    const target = await leaf(tenant, 'called by many')
    const calls = Array.from({ length: 300 }, (_, index) => node(`call${index}`, 'flow.call', { flowId: target.id }))
    const answer = await tenant.admin.http.post('/flows', flowBody('wide', [node('in', 'trigger.manual'), ...calls], calls.map((call) => ['in', call.id] as [string, string])))
    expect(answer.status).toBe(201)
  })
})
