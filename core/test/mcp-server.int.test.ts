import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { flowBody, node } from './flows-graph.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
let aKey: string
let bKey: string
let viewer: TestUser
const clients: Client[] = []

const addTool = {
  name: 'add',
  description: 'Adds a and b',
  kind: 'code',
  exposeViaMcp: true,
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  code: 'export default ({ a, b }) => a + b'
}

async function apiKey(user: TestUser): Promise<string> {
  const response = await user.http.post('/api-keys', { name: `mcp ${Math.random()}` })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body.key
}

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
  clients.push(client)
  return client
}

const initialize = (headers: Record<string, string>) =>
  fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }
    })
  })

beforeAll(async () => {
  // The allowed origins by the older variable name (an alias of TROUPE_MCP_SERVER_ALLOWED_ORIGINS), with a trailing slash.
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/waits.ts', TROUPE_MCP_ALLOWED_ORIGINS: 'https://app.example.com/, https://ide.example.com' })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  viewer = await a.addUser('viewer')
  ;[aKey, bKey] = await Promise.all([apiKey(a.admin), apiKey(b.admin)])
  expect((await a.admin.http.post('/tools', addTool)).status).toBe(201)
  expect((await a.admin.http.post('/tools', { ...addTool, name: 'hidden', exposeViaMcp: false })).status).toBe(201)
  const inputSchema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
  const flow = await a.admin.http.post('/flows', {
    ...flowBody(
      'Greet someone',
      [
        node('start', 'trigger.manual', { inputSchema }),
        node('wait', 'util.delay', { ms: 50 }),
        node('greet', 'data.transform', { expression: '"Hello, " & input.name' }),
        node('out', 'flow.output')
      ],
      [['start', 'wait'], ['wait', 'greet'], ['greet', 'out']]
    ),
    exposeViaMcp: true
  })
  expect(flow.status, JSON.stringify(flow.body)).toBe(201)
})
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)))
  await server?.close()
})

describe('MCP server at /mcp', () => {
  it('refuses a request without a valid token with 401 and WWW-Authenticate', async () => {
    for (const headers of [{}, { authorization: 'Bearer trp_not-a-real-key' }, { authorization: 'Bearer not.a.jwt' }] as Record<string, string>[]) {
      const response = await initialize(headers)
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /)
    }
    await expect(connect('trp_wrong')).rejects.toThrow()
  })

  it('refuses a foreign Origin with 403, and accepts its own and the configured ones', async () => {
    expect((await initialize({ authorization: `Bearer ${aKey}`, origin: 'https://evil.example' })).status).toBe(403)
    expect((await initialize({ authorization: `Bearer ${aKey}`, origin: server.url })).status).toBe(200)
    expect((await initialize({ authorization: `Bearer ${aKey}`, origin: 'https://app.example.com' })).status).toBe(200)
    expect((await initialize({ authorization: `Bearer ${aKey}`, origin: 'https://ide.example.com' })).status).toBe(200)
    expect((await initialize({ authorization: `Bearer ${aKey}`, origin: 'https://app.example.com.evil.example' })).status).toBe(403)
  })

  it("lists tenant A's exposed tools and flows to A's API key", async () => {
    const client = await connect(aKey)
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name)).toEqual(['add', 'flow_greet_someone'])
    expect(tools[0]).toMatchObject({ description: 'Adds a and b', inputSchema: { required: ['a', 'b'] } })
    expect(tools[1].inputSchema).toMatchObject({ properties: { name: { type: 'string' } } })
  })

  it("calls A's tool and returns the result as MCP content", async () => {
    const client = await connect(aKey)
    const result = await client.callTool({ name: 'add', arguments: { a: 40, b: 2 } })
    expect(result).toMatchObject({ content: [{ type: 'text', text: '42' }] })
    expect(result.isError).toBeFalsy()
    const bad = await client.callTool({ name: 'add', arguments: { a: 'x' } })
    expect(bad.isError).toBe(true)
    expect(JSON.stringify(bad.content)).toMatch(/args\.a must be number/)
  })

  it('runs a flow exposed as a tool, reports progress, and returns its output', async () => {
    const client = await connect(aKey)
    const progress: number[] = []
    const result = await client.callTool({ name: 'flow_greet_someone', arguments: { name: 'Ada' } }, undefined, {
      onprogress: (update) => progress.push(update.progress)
    })
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'Hello, Ada' }] })
    expect(progress.length).toBeGreaterThanOrEqual(3)
    expect(progress).toEqual([...progress].sort((x, y) => x - y))
    const runs = await a.admin.http.get('/executions?$limit=100')
    expect(runs.body.data.some((run: { status: string; output: unknown }) => run.status === 'succeeded' && run.output === 'Hello, Ada')).toBe(true)
  })

  it("runs a crew the crew plugin exposes (its mcpExposures), reports each task as a step, and answers the crew's final text", async () => {
    const agent = await a.admin.http.post('/agents', { name: 'Desk agent', role: 'Support', goal: 'Answer' })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    const crew = await a.admin.http.post('/crews', {
      name: 'Support desk',
      process: 'sequential',
      agentIds: [agent.body.id],
      exposeViaMcp: true,
      tasks: [
        { id: 'triage', description: 'Triage the question', expectedOutput: 'a category' },
        { id: 'answer', description: 'Answer the question', expectedOutput: 'an answer' }
      ]
    })
    expect(crew.status, JSON.stringify(crew.body)).toBe(201)
    const client = await connect(aKey)
    const listed = (await client.listTools()).tools.find((tool) => tool.name === 'crew_support_desk')
    expect(listed).toMatchObject({ description: 'Has the crew "Support desk" work through its tasks and returns its answer', inputSchema: { type: 'object' } })
    const updates: Array<{ progress: number; total?: number; message?: string }> = []
    const result = await client.callTool({ name: 'crew_support_desk', arguments: { question: 'Where is my order?' } }, undefined, { onprogress: (update) => updates.push(update) })
    expect(result.isError, JSON.stringify(result)).toBeFalsy()
    const runs = (await a.admin.http.get('/executions?$limit=100&$sort[createdAt]=-1')).body.data as Array<{ crewId?: string; status: string; output: { text?: string } }>
    const run = runs.find((candidate) => candidate.crewId === crew.body.id)
    expect(run).toMatchObject({ status: 'succeeded' })
    expect(result).toMatchObject({ content: [{ type: 'text', text: run!.output.text }] })
    expect(updates).toEqual([
      { progress: 1, total: 2, message: 'task triage completed' },
      { progress: 2, total: 2, message: 'task answer completed' }
    ])
  })

  it("shows tenant B none of A's tools and lets it call none of them", async () => {
    const client = await connect(bKey)
    expect((await client.listTools()).tools).toEqual([])
    const result = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Unknown tool: add' }] })
  })

  it('lets a viewer list but not call', async () => {
    const client = await connect(viewer.accessToken)
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('add')
    const result = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })
    expect(result.isError).toBe(true)
    expect(JSON.stringify(result.content)).toMatch(/Forbidden/)
  })

  it("answers 404 to another principal using a session's id", async () => {
    const opened = await initialize({ authorization: `Bearer ${aKey}` })
    const sessionId = opened.headers.get('mcp-session-id')
    expect(sessionId).toBeTruthy()
    const list = (token: string) =>
      fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'mcp-session-id': sessionId!,
          'mcp-protocol-version': '2025-03-26',
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream'
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })
      })
    expect((await list(bKey)).status).toBe(404)
    expect((await list(aKey)).status).toBe(200)
  })

  it('stops honouring a revoked API key at once', async () => {
    const key = await apiKey(a.admin)
    const client = await connect(key)
    expect((await client.listTools()).tools.length).toBeGreaterThan(0)
    const keys = await a.admin.http.get('/api-keys?$limit=100')
    const record = keys.body.data.find((entry: { prefix?: string; id: string }) => key.startsWith(entry.prefix ?? '\u0000'))
    expect(record, 'the key record').toBeTruthy()
    expect((await a.admin.http.delete(`/api-keys/${record.id}`)).status).toBe(200)
    await expect(client.listTools()).rejects.toThrow()
  })

  it('answers a flow run that starts waiting at once, and leaves the run waiting', async () => {
    const c = await signupTenant(server.url, 'C')
    const flow = await c.admin.http.post('/flows', {
      ...flowBody('Approve order', [node('start', 'trigger.manual'), node('ask', 'test.wait', { reason: 'Approve the order' }), node('out', 'flow.output')], [['start', 'ask'], ['ask', 'out']]),
      exposeViaMcp: true
    })
    expect(flow.status).toBe(201)
    const client = await connect(await apiKey(c.admin))
    const result = await client.callTool({ name: 'flow_approve_order', arguments: {} })
    expect(JSON.stringify(result.content)).toMatch(/The flow run is waiting .* \(execution [0-9a-f-]{36}\)/)
    expect(result.isError).toBeFalsy()
    const runs = (await c.admin.http.get('/executions?$limit=10')).body.data as Array<{ status: string }>
    expect(runs.map((run) => run.status)).toEqual(['waiting'])
  })
})
