import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { completionReply, startFakeOpenAi, type FakeOpenAi } from '@troupe/plugin-llm-openai/testing'
import type { TroupeClient } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, socketCall } from './hostile.js'

/**
 * Tenant B writes tenant A's ids into its own bodies: references to flows, tools, agents, crews,
 * providers and chat sessions. Another tenant's id must be as unknown as a made-up one: refused at
 * save time naming the field, or failing the run, and never reaching A's tool or provider.
 */

let server: TestServer
let a: TestTenant
let b: TestTenant
let socketOfB: TroupeClient
let providerOfA: FakeOpenAi
/** Requests that reached A's HTTP tool. */
const toolHits: string[] = []
let toolServer: Server
const ofA: Record<'flow' | 'exposedFlow' | 'tool' | 'provider' | 'agent' | 'crew' | 'session', string> = {} as never
const ofB: Record<'agent' | 'crew' | 'provider', string> = {} as never
const mcpClients: Client[] = []

beforeAll(async () => {
  toolServer = createServer((request, response) => {
    toolHits.push(request.url ?? '')
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"from":"A tool"}')
  })
  await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', resolve))
  providerOfA = await startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: 'answer from A provider' }) })
  // The tool and provider stand-ins listen on 127.0.0.1, which tenants may not reach by default.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])

  ofA.tool = (
    await created(a.admin, '/tools', {
      name: 'a-secret-tool',
      kind: 'http',
      exposeViaMcp: true,
      http: { method: 'GET', url: `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}/a` }
    })
  ).id
  ofA.provider = (await created(a.admin, '/llm-providers', { name: 'A paid provider', kind: 'openai', baseUrl: providerOfA.url, apiKey: 'sk-A-key-0123456789' })).id
  ofA.flow = (await created(a.admin, '/flows', flowBody('A flow', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))).id
  ofA.exposedFlow = (
    await created(a.admin, '/flows', { ...flowBody('A exposed', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]), exposeViaMcp: true })
  ).id
  ofA.agent = (await created(a.admin, '/agents', { name: 'A agent', role: 'r', goal: 'g', toolIds: [ofA.tool], providerId: ofA.provider })).id
  ofA.crew = (
    await created(a.admin, '/crews', {
      name: 'A crew',
      process: 'sequential',
      agentIds: [ofA.agent],
      exposeViaMcp: true,
      tasks: [{ id: 't1', description: 'Work', expectedOutput: 'work' }]
    })
  ).id
  ofA.session = (await created(a.admin, '/chat-sessions', { flowId: ofA.flow })).id

  // B's own scripted provider: asked to use a tool, it asks for A's tool by name.
  const providers = await b.admin.http.get('/llm-providers')
  ofB.provider = providers.body.data[0].id
  const rules = [{ match: 'Use the tool', toolCall: { name: 'a-secret-tool', arguments: {} } }]
  expect((await b.admin.http.patch(`/llm-providers/${ofB.provider}`, { rules })).status).toBe(200)
  ofB.agent = (await created(b.admin, '/agents', { name: 'B agent', role: 'r', goal: 'g' })).id
  ofB.crew = (await created(b.admin, '/crews', { name: 'B crew', process: 'sequential', agentIds: [ofB.agent], tasks: [{ id: 't1', description: 'd', expectedOutput: 'e' }] })).id
  socketOfB = await connectSocket(server.url, b.admin.accessToken)
})
afterAll(async () => {
  await Promise.all(mcpClients.map((client) => client.close().catch(() => undefined)))
  socketOfB?.close()
  await server?.close()
  await providerOfA?.close()
  toolServer?.closeAllConnections()
  await new Promise((resolve) => toolServer?.close(resolve))
})

/** Fields named by a 400's `data`. */
const fieldsOf = (body: { data?: Array<{ field: string }> }) => (body.data ?? []).map((entry) => entry.field)

/** Runs a flow of B to its end. */
async function runOfB(nodes: ReturnType<typeof node>[], edges: Array<[string, string]>) {
  const flow = await created(b.admin, '/flows', flowBody(`uses A ${Math.random()}`, nodes, edges))
  const started = await created(b.admin, '/executions', { flowId: flow.id, input: {} })
  return waitForExecution(b.admin.http.get, started.id)
}

describe('references refused when B saves them', () => {
  it.each([
    ['flow', 'rest', 'flowId'],
    ['flow', 'socket', 'flowId'],
    ['crew', 'rest', 'crewId'],
    ['crew', 'socket', 'crewId']
  ] as const)('an execution of A\'s %s (%s) is a 400 naming %s', async (what, transport, field) => {
    const runs = async () => [(await a.admin.http.get('/executions')).body.total, (await b.admin.http.get('/executions')).body.total]
    const before = await runs()
    const body = { [field]: what === 'flow' ? ofA.flow : ofA.crew, input: {} }
    const outcome = transport === 'rest' ? await b.admin.http.post('/executions', body) : await socketCall(socketOfB, 'create', 'executions', undefined, body)
    expect(outcome.status).toBe(400)
    expect(fieldsOf(outcome.body)).toEqual([field])
    expect(await runs()).toEqual(before)
  })

  const agent = (extra: object) => ({ name: `B ${Math.random()}`, role: 'r', goal: 'g', ...extra })
  const crew = (extra: object) => ({ name: `B ${Math.random()}`, process: 'sequential', agentIds: [], tasks: [{ id: 't1', description: 'd', expectedOutput: 'e' }], ...extra })

  it.each([
    ['an agent with A\'s tool', '/agents', () => agent({ toolIds: [ofA.tool] }), 'toolIds.0'],
    ['an agent with A\'s provider', '/agents', () => agent({ providerId: ofA.provider }), 'providerId'],
    ['a crew of A\'s agent', '/crews', () => crew({ agentIds: [ofA.agent] }), 'agentIds.0'],
    ['a crew with A\'s agent as manager', '/crews', () => crew({ agentIds: [ofB.agent], process: 'hierarchical', managerAgentId: ofA.agent }), 'managerAgentId'],
    ['a crew managed through A\'s provider', '/crews', () => crew({ agentIds: [ofB.agent], process: 'hierarchical', managerProviderId: ofA.provider }), 'managerProviderId'],
    [
      'a crew whose task names A\'s agent',
      '/crews',
      () => crew({ agentIds: [ofB.agent], tasks: [{ id: 't1', description: 'd', expectedOutput: 'e', agentId: ofA.agent }] }),
      'tasks.0.agentId'
    ],
    ['a chat session with A\'s agent', '/chat-sessions', () => ({ agentId: ofA.agent }), 'agentId'],
    ['a chat session with A\'s crew', '/chat-sessions', () => ({ crewId: ofA.crew }), 'crewId'],
    ['a chat session with A\'s flow', '/chat-sessions', () => ({ flowId: ofA.flow }), 'flowId']
  ])('%s is a 400 naming the field (REST and Socket.IO)', async (_case, path, body, field) => {
    const overRest = await b.admin.http.post(path, body())
    // Refused as a reference, not for its shape: the id is a well-formed UUID that B cannot see.
    const asReference = { field, message: expect.stringMatching(/this tenant|the crew's agentIds/) }
    expect(overRest.status, JSON.stringify(overRest.body)).toBe(400)
    expect(overRest.body.data).toContainEqual(asReference)
    const overSocket = await socketCall(socketOfB, 'create', path.slice(1), undefined, body())
    expect(overSocket.status).toBe(400)
    expect(overSocket.body.data).toContainEqual(asReference)
  })

  it.each([
    ['agents', () => ofB.agent, () => ({ toolIds: [ofA.tool] }), 'toolIds.0'],
    ['agents', () => ofB.agent, () => ({ providerId: ofA.provider }), 'providerId'],
    ['crews', () => ofB.crew, () => ({ agentIds: [ofA.agent] }), 'agentIds.0']
  ])('patching B\'s %s to point at A is a 400 naming the field, and stores nothing', async (path, id, patch, field) => {
    const before = (await b.admin.http.get(`/${path}/${id()}`)).body
    const response = await b.admin.http.patch(`/${path}/${id()}`, patch())
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(response.body.data).toContainEqual({ field, message: expect.stringMatching(/of this tenant/) })
    expect((await b.admin.http.get(`/${path}/${id()}`)).body).toEqual(before)
  })

  it('a message into A\'s chat session is not found, and A\'s session gets nothing', async () => {
    expect((await b.admin.http.post('/chat-messages', { sessionId: ofA.session, content: 'from B' })).status).toBe(404)
    expect((await socketCall(socketOfB, 'create', 'chat-messages', undefined, { sessionId: ofA.session, content: 'from B' })).status).toBe(404)
    expect((await a.admin.http.get(`/chat-messages?sessionId=${ofA.session}`)).body.total).toBe(0)
  })
})

describe('references that fail when B runs them, never reaching A', () => {
  it.each([
    ['id', () => ofA.tool],
    ['name', () => 'a-secret-tool']
  ])('a tool.call of A\'s tool by %s fails with "No tool"', async (_case, toolId) => {
    const done = await runOfB([node('in', 'trigger.manual'), node('call', 'tool.call', { toolId: toolId(), args: {} })], [['in', 'call']])
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/No tool/)
    expect(toolHits).toEqual([])
  })

  it('an llm.prompt with A\'s providerId fails and never calls A\'s provider', async () => {
    const done = await runOfB([node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'hi', providerId: ofA.provider })], [['in', 'ask']])
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/not an enabled LLM provider of this tenant/)
    expect(providerOfA.requests).toEqual([])
  })

  it.each([
    ['agent.run', () => ({ agentId: ofA.agent, prompt: 'hi' })],
    ['crew.run', () => ({ crewId: ofA.crew })]
  ])('a %s of A\'s definition fails and runs nothing of A', async (type, params) => {
    const done = await runOfB([node('in', 'trigger.manual'), node('run', type, params())], [['in', 'run']])
    expect(done.status).toBe('failed')
    expect(JSON.stringify(done)).not.toMatch(/answer from A provider|A tool/)
    expect(providerOfA.requests).toEqual([])
    expect(toolHits).toEqual([])
  })

  it('a model of B asking for A\'s tool by name gets "unknown tool" back, and A\'s tool never runs', async () => {
    const done = await runOfB([node('in', 'trigger.manual'), node('agent', 'agent.run', { agentId: ofB.agent, prompt: 'Use the tool' })], [['in', 'agent']])
    expect(done.status, done.error).toBe('succeeded')
    expect(JSON.stringify(done.output)).not.toContain('A tool')
    expect(toolHits).toEqual([])
  })
})

describe('MCP', () => {
  let keyOfB: string
  beforeAll(async () => {
    keyOfB = (await created(b.admin, '/api-keys', { name: 'mcp' })).key
  })

  async function mcpAs(token: string) {
    const client = new Client({ name: 'hostile', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
    mcpClients.push(client)
    return client
  }

  it('B\'s key lists none of A\'s exposed tool, flow and crew, and calling them by name or id is an unknown tool', async () => {
    const client = await mcpAs(keyOfB)
    expect((await client.listTools()).tools).toEqual([])
    for (const name of ['a-secret-tool', ofA.tool, 'flow_a_exposed', `flow_${ofA.exposedFlow}`, 'crew_a_crew']) {
      const result = await client.callTool({ name, arguments: {} })
      expect(result, name).toMatchObject({ isError: true, content: [{ type: 'text', text: `Unknown tool: ${name}` }] })
    }
    expect(toolHits).toEqual([])
    expect((await a.admin.http.get(`/executions?flowId=${ofA.exposedFlow}`)).body.total).toBe(0)
  })

  it('MCP discovery of this very server shows B only its own tenant, and nothing without credentials', async () => {
    const serverUrl = `${server.url}/mcp`
    const anonymous = await b.admin.http.post('/mcp-discovery', { serverUrl })
    expect(anonymous.status).toBe(400)
    const withKey = await b.admin.http.post('/mcp-discovery', { serverUrl, headers: { authorization: `Bearer ${keyOfB}` } })
    expect(withKey.status, JSON.stringify(withKey.body)).toBe(201)
    expect(withKey.body.tools).toEqual([])
  })
})
