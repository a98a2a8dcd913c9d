import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

// Saves that keep a flow's version when nothing versioned changed, hammered: concurrent saves of
// the same and of different graphs never store two versions under one number, never skip one,
// and never keep a version number for a changed graph; a viewer and another tenant change nothing.

let server: TestServer
let a: TestTenant
let b: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
})
afterAll(async () => {
  await server?.close()
})

describe('flow versions under concurrent saves', () => {
  it('number every stored graph once, in order, whatever the interleaving', async () => {
    const flow = (await a.admin.http.post('/flows', flowBody('Raced', [node('in', 'trigger.manual')]))).body
    const graph = (ms: number) => ({ nodes: [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms })], edges: [{ id: 'e0', source: 'in', target: 'wait' }] })
    // 24 saves at once: 8 distinct graphs, each sent three times.
    const saves = await Promise.all(Array.from({ length: 24 }, (_, index) => a.admin.http.patch(`/flows/${flow.id}`, graph(index % 8))))
    for (const save of saves) expect(save.status, JSON.stringify(save.body)).toBe(200)
    const history = (await a.admin.http.get(`/flow-versions?flowId=${flow.id}&$sort[version]=1&$limit=100`)).body.data as Array<{ version: number; nodes: Array<{ params: { ms?: number } }> }>
    const numbers = history.map((version) => version.version)
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1))
    // Each stored version differs from the one before it: no identical neighbours.
    for (let index = 1; index < history.length; index++) expect(JSON.stringify(history[index].nodes)).not.toBe(JSON.stringify(history[index - 1].nodes))
    const current = (await a.admin.http.get(`/flows/${flow.id}`)).body
    expect(current.version).toBe(numbers.at(-1))
    expect(JSON.stringify(current.nodes)).toBe(JSON.stringify(history.at(-1)!.nodes))
  })

  it('are not touched by a viewer or another tenant, same graph or not', async () => {
    const flow = (await a.admin.http.post('/flows', flowBody('Guarded', [node('in', 'trigger.manual')]))).body
    const viewer = await a.addUser('viewer')
    expect((await viewer.http.patch(`/flows/${flow.id}`, { nodes: flow.nodes, edges: flow.edges })).status).toBe(403)
    expect((await b.admin.http.patch(`/flows/${flow.id}`, { nodes: flow.nodes, edges: flow.edges })).status).toBe(404)
    expect((await b.admin.http.patch(`/flows/${flow.id}`, { name: 'taken' })).status).toBe(404)
    const after = (await a.admin.http.get(`/flows/${flow.id}`)).body
    expect(after).toMatchObject({ version: 1, name: 'Guarded' })
  })
})
