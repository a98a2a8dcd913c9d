import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceMethods, type TroupeClient } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, openEventStream, restCall, socketCall, waitFor, type Outcome, type Verb } from './hostile.js'

/**
 * Tenant B (an admin, the strongest role) aims every verb of every tenant-owned service at the ids
 * of tenant A, over REST and over Socket.IO. Other tenants' ids do not exist for B: 404 where the
 * method exists, 405 where it does not, and A's records stay exactly as they were.
 */

let server: TestServer
let a: TestTenant
let b: TestTenant
let memberOfA: TestUser
let socketOfB: TroupeClient
let keyOfB: string
const hookSecret = 'A-webhook-secret-value-0123456789'

/** A's records, by service. */
const ids: Record<string, string> = {}

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  memberOfA = await a.addUser('member')
  ids.users = memberOfA.id
  ids['api-keys'] = (await created(a.admin, '/api-keys', { name: 'A key' })).id
  keyOfB = (await created(b.admin, '/api-keys', { name: 'B key' })).key

  const flow = await created(a.admin, '/flows', flowBody('A flow', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
  ids.flows = flow.id
  ids['flow-versions'] = flow.id
  const hook = await created(a.admin, '/flows', {
    ...flowBody('A hook', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']]),
    webhookSecret: hookSecret
  })
  ids.hooks = hook.id
  const run = await created(a.admin, '/executions', { flowId: flow.id, input: { private: 'A input' } })
  await waitForExecution(a.admin.http.get, run.id)
  ids.executions = run.id
  ids['execution-events'] = run.id

  ids.tools = (await created(a.admin, '/tools', { name: 'a-tool', kind: 'code', code: 'export default () => "A tool ran"' })).id
  ids['llm-providers'] = (await created(a.admin, '/llm-providers', { name: 'A provider', kind: 'scripted', priority: 99 })).id
  const agent = await created(a.admin, '/agents', { name: 'A agent', role: 'r', goal: 'g', toolIds: [ids.tools], providerId: ids['llm-providers'] })
  ids.agents = agent.id
  const crew = await created(a.admin, '/crews', {
    name: 'A crew',
    process: 'sequential',
    agentIds: [agent.id],
    memory: true,
    tasks: [{ id: 't1', description: 'Say hello', expectedOutput: 'a greeting' }]
  })
  ids.crews = crew.id
  const crewFlow = await created(a.admin, '/flows', flowBody('A crew flow', [node('in', 'trigger.manual'), node('crew', 'crew.run', { crewId: crew.id })], [['in', 'crew']]))
  const crewRun = await created(a.admin, '/executions', { flowId: crewFlow.id, input: {} })
  expect((await waitForExecution(a.admin.http.get, crewRun.id)).status).toBe('succeeded')
  ids['crew-memories'] = crew.id

  // A flow-bound session: its answer is a run of the flow.
  const session = await created(a.admin, '/chat-sessions', { flowId: flow.id, title: 'A chat' })
  ids['chat-sessions'] = session.id
  await created(a.admin, '/chat-messages', { sessionId: session.id, content: 'A secret question' })
  ids['chat-messages'] = await waitFor(async () => {
    const page = await a.admin.http.get(`/chat-messages?sessionId=${session.id}&role=assistant&status=complete`)
    return page.body.data[0]?.id as string | undefined
  })
  ids['audit-logs'] = (await a.admin.http.get('/audit-logs?$limit=1')).body.data[0].id
  ids.tenants = a.id

  socketOfB = await connectSocket(server.url, b.admin.accessToken)
})
afterAll(async () => {
  socketOfB?.close()
  await server?.close()
})

interface Target {
  path: keyof typeof serviceMethods
  /** A `find` query (REST text, socket object) that asks for A's record by id. */
  byId: (id: string) => [string, Record<string, unknown>]
  /** A body that passes validation, so the lookup itself is what answers. */
  patch?: unknown
  update?: unknown
}

const targets: Target[] = [
  { path: 'users', byId: (id) => [`?id=${id}`, { id }], patch: { name: 'taken over' } },
  { path: 'api-keys', byId: (id) => [`?id=${id}`, { id }] },
  { path: 'flows', byId: (id) => [`?id=${id}`, { id }], patch: { name: 'taken over' }, update: { name: 'taken over' } },
  { path: 'flow-versions', byId: (id) => [`?flowId=${id}`, { flowId: id }] },
  { path: 'executions', byId: (id) => [`?id=${id}`, { id }], patch: { status: 'cancelled' } },
  { path: 'execution-events', byId: (id) => [`?executionId=${id}`, { executionId: id }] },
  { path: 'tools', byId: (id) => [`?id=${id}`, { id }], patch: { description: 'taken over' } },
  { path: 'llm-providers', byId: (id) => [`?id=${id}`, { id }], patch: { name: 'taken over' } },
  { path: 'agents', byId: (id) => [`?id=${id}`, { id }], patch: { goal: 'taken over' } },
  { path: 'crews', byId: (id) => [`?id=${id}`, { id }], patch: { description: 'taken over' } },
  { path: 'crew-memories', byId: (id) => [`?crewId=${id}`, { crewId: id }] },
  { path: 'chat-sessions', byId: (id) => [`?id=${id}`, { id }], patch: { title: 'taken over' } },
  { path: 'chat-messages', byId: (id) => [`?id=${id}`, { id }], patch: { status: 'cancelled' } },
  { path: 'audit-logs', byId: (id) => [`?recordId=${id}`, { recordId: id }] },
  { path: 'tenants', byId: (id) => [`?id=${id}`, { id }], patch: { name: 'taken over', maxConcurrentExecutions: 1 } }
]

const itemVerbs = ['get', 'patch', 'update', 'remove'] as const

/** 404 where the service offers the method, 405 where it does not. */
const expectedStatus = (path: Target['path'], verb: Verb) => ((serviceMethods[path] as readonly string[]).includes(verb) ? 404 : 405)

const rowsOf = (body: unknown): Array<Record<string, unknown>> => (Array.isArray(body) ? body : ((body as { data?: [] })?.data ?? []))

/** Everything A can read of its own records, to compare before and after B's attempts. */
async function snapshotOfA() {
  const read = async (path: string) => (await a.admin.http.get(path)).body
  return {
    users: await read(`/users/${ids.users}`),
    apiKeys: rowsOf(await read(`/api-keys?id=${ids['api-keys']}`)).map(({ lastUsedAt: _ignored, ...key }) => key),
    flows: await read(`/flows/${ids.flows}`),
    hook: await read(`/flows/${ids.hooks}`),
    executions: await read(`/executions/${ids.executions}`),
    events: (await read(`/execution-events?executionId=${ids.executions}&$limit=100`)).total,
    runsOfHook: (await read(`/executions?flowId=${ids.hooks}`)).total,
    tools: await read(`/tools/${ids.tools}`),
    providers: await read(`/llm-providers/${ids['llm-providers']}`),
    agents: await read(`/agents/${ids.agents}`),
    crews: await read(`/crews/${ids.crews}`),
    memories: rowsOf(await read(`/crew-memories?crewId=${ids.crews}`)).length,
    sessions: await read(`/chat-sessions/${ids['chat-sessions']}`),
    messages: await read(`/chat-messages/${ids['chat-messages']}`),
    // What A's history takes on disk may change on its own (PostgreSQL's vacuum adds its maps).
    tenant: { ...(await read(`/tenants/${ids.tenants}`)), storedBytes: undefined }
  }
}
let before: Awaited<ReturnType<typeof snapshotOfA>>

describe('tenant B aims every verb at tenant A', () => {
  beforeAll(async () => {
    before = await snapshotOfA()
    expect(before.memories, 'the crew run left a memory for B to look for').toBeGreaterThan(0)
  })

  describe.each(['rest', 'socket'] as const)('over %s', (transport) => {
    const call = async (verb: Verb, target: Target, id?: string, body?: unknown, query?: [string, Record<string, unknown>]): Promise<Outcome> =>
      transport === 'rest'
        ? restCall(b.admin.http, verb, target.path, id, body, query?.[0])
        : socketCall(socketOfB, verb, target.path, id, body, query?.[1])

    describe.each(targets)('$path', (target) => {
      it.each(itemVerbs)('%s of A\'s record is not found', async (verb) => {
        const body = verb === 'update' ? (target.update ?? target.patch ?? {}) : (target.patch ?? {})
        const outcome = await call(verb, target, ids[target.path], verb === 'get' || verb === 'remove' ? undefined : body)
        expect(outcome.status, JSON.stringify(outcome.body)).toBe(expectedStatus(target.path, verb))
      })

      it('find asking for A\'s id lists nothing of A', async () => {
        const outcome = await call('find', target, undefined, undefined, target.byId(ids[target.path]))
        if (expectedStatus(target.path, 'find') === 405) {
          expect(outcome.status).toBe(405)
          return
        }
        expect(outcome.status, JSON.stringify(outcome.body)).toBe(200)
        expect(rowsOf(outcome.body)).toEqual([])
      })
    })

    it('cannot test-run A\'s tool or provider through their sub-resources', async () => {
      const outcomes =
        transport === 'rest'
          ? [await b.admin.http.post(`/tools/${ids.tools}/test`, { args: {} }), await b.admin.http.post(`/llm-providers/${ids['llm-providers']}/test`, { prompt: 'hi' })]
          : [
              await socketCall(socketOfB, 'create', `tools/${ids.tools}/test`, undefined, { args: {} }),
              await socketCall(socketOfB, 'create', `llm-providers/${ids['llm-providers']}/test`, undefined, { prompt: 'hi' })
            ]
      expect(outcomes.map((outcome) => outcome.status)).toEqual([404, 404])
      expect(JSON.stringify(outcomes)).not.toContain('A tool ran')
    })

    it('cannot call A\'s secret-guarded webhook with its own credentials', async () => {
      const outcome =
        transport === 'rest'
          ? await b.admin.http.post(`/hooks/${ids.hooks}`, { from: 'B' })
          : await socketCall(socketOfB, 'create', `hooks/${ids.hooks}`, undefined, { from: 'B' })
      // Over Socket.IO there is no webhook at all: it is an HTTP route.
      expect(outcome.status).toBe(transport === 'rest' ? 401 : 405)
      const wrongSecret = await b.admin.http.post(`/hooks/${ids.hooks}`, { from: 'B' }, { 'x-troupe-webhook-secret': 'B-guesses-0123456789' })
      expect(wrongSecret.status).toBe(401)
    })

    it('cannot erase or export A\'s user', async () => {
      const erase = transport === 'rest' ? await b.admin.http.post('/gdpr/erase', { userId: memberOfA.id }) : await socketCall(socketOfB, 'create', 'gdpr/erase', undefined, { userId: memberOfA.id })
      const exported =
        transport === 'rest'
          ? await b.admin.http.post('/gdpr/export', { scope: 'user', userId: memberOfA.id })
          : await socketCall(socketOfB, 'create', 'gdpr/export', undefined, { scope: 'user', userId: memberOfA.id })
      expect([erase.status, exported.status]).toEqual([404, 404])
      expect(JSON.stringify(exported.body)).not.toContain(memberOfA.email)
    })
  })

  it('cannot subscribe to A\'s execution events over Socket.IO', async () => {
    const outcome = await socketCall(socketOfB, 'create', 'execution-subscriptions', undefined, { executionId: ids.executions })
    expect(outcome.status).toBe(404)
  })

  it('cannot open the SSE stream of A\'s execution, with its token or its API key', async () => {
    expect((await openEventStream(server.url, ids.executions, b.admin.accessToken)).status).toBe(404)
    const withKey = await openEventStream(server.url, ids.executions, keyOfB)
    expect(withKey.status).toBe(404)
    expect(withKey.text).not.toContain('A input')
  })

  it('sees no usage of A\'s execution', async () => {
    const usage = await b.admin.http.get(`/usage?executionId=${ids.executions}`)
    expect(usage.status).toBe(200)
    expect(usage.body.total.calls).toBe(0)
  })

  it.each(['flows', 'tools', 'agents', 'chat-sessions'] as const)('reaches nothing of A in %s with its API key either', async (path) => {
    const withKey = httpClient(server.url, keyOfB)
    expect((await withKey.get(`/${path}/${ids[path]}`)).status).toBe(404)
    expect((await withKey.delete(`/${path}/${ids[path]}`)).status).toBe(404)
  })

  it('leaves every record of A exactly as it was, and A\'s audit log without B', async () => {
    const after = await snapshotOfA()
    expect(after).toEqual(before)
    expect((await a.admin.http.get(`/users/${memberOfA.id}`)).status).toBe(200)
    expect((await httpClient(server.url, memberOfA.accessToken).get('/flows')).status).toBe(200)
    const trail = await a.admin.http.get(`/audit-logs?actorUserId=${b.admin.id}`)
    expect(trail.body.total).toBe(0)
  })
})
