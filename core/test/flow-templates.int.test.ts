import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFlowFile } from '@troupe/sdk'
import { flowTemplates } from '../../mfe/flow-editor/src/templates/flow-templates.js'
import { waitForExecution } from './flows-graph.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/** Every starter flow of the editor's gallery saves and runs as it is, on the offline provider a fresh `npm start` has. */

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

describe('flow templates', () => {
  it('are at least six, with ids of their own', () => {
    expect(flowTemplates.length).toBeGreaterThanOrEqual(6)
    expect(new Set(flowTemplates.map((template) => template.id)).size).toBe(flowTemplates.length)
  })

  it.each(flowTemplates.map((template) => [template.id, template] as const))('%s saves from its file and runs its sample input to success', async (_id, template) => {
    const read = readFlowFile(JSON.stringify(template.file))
    if ('error' in read) throw new Error(read.error)
    const saved = await tenant.admin.http.post('/flows', read.flow)
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const started = await tenant.admin.http.post('/executions', { flowId: saved.body.id, input: template.sampleInput })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    const done = await waitForExecution(tenant.admin.http.get, started.body.id, 30_000)
    expect(done, JSON.stringify(done.error)).toMatchObject({ status: 'succeeded' })
    expect(done.output).toBeDefined()
  })

  it('routes a large order to the priority queue and a small one to the standard queue', async () => {
    const template = flowTemplates.find((item) => item.id === 'route-orders')!
    const saved = await tenant.admin.http.post('/flows', template.file.flow)
    const run = async (input: object) => waitForExecution(tenant.admin.http.get, (await tenant.admin.http.post('/executions', { flowId: saved.body.id, input })).body.id)
    expect((await run({ id: 'big', total: 250 })).output).toEqual({ order: 'big', queue: 'priority' })
    expect((await run({ id: 'small', total: 20 })).output).toEqual({ order: 'small', queue: 'standard' })
  })
})
