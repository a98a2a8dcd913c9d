import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
let viewer: TestUser
let scriptedId: string
let adderId: string

/** Rules of the tenant's offline provider: who says what is decided by the last message. */
const rules = [
  // The researcher's task asks for a sum: call the tool, then report its result.
  { match: 'Add (\\d+) and (\\d+)', toolCall: { name: 'adder', arguments: { a: 19, b: 23 } } },
  { match: '^42$', reply: 'The sum is 42.' },
  // The writer summarises what it was given.
  { match: 'Summarise', reply: 'Summary: the researcher found that the sum is 42.' },
  // A tool-happy agent that never stops.
  { match: 'forever|^2$', toolCall: { name: 'adder', arguments: { a: 1, b: 1 } } }
]

async function created(user: TestUser, path: string, body: object) {
  const response = await user.http.post(path, body)
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

const agent = (name: string, extra: object = {}) => ({ name, role: `${name} role`, goal: `${name} goal`, backstory: `${name} backstory`, ...extra })

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  viewer = await a.addUser('viewer')
  const providers = await a.admin.http.get('/llm-providers')
  scriptedId = providers.body.data[0].id
  expect((await a.admin.http.patch(`/llm-providers/${scriptedId}`, { rules })).status).toBe(200)
  const adder = await created(a.admin, '/tools', {
    name: 'adder',
    description: 'Adds a and b',
    kind: 'code',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    code: 'export default ({ a, b }) => a + b'
  })
  adderId = adder.id
})
afterAll(async () => {
  await server?.close()
})

describe('agents and crews services', () => {
  it('stores an agent with defaults and refuses unknown or other-tenant tools and providers, naming the field', async () => {
    const researcher = await created(a.admin, '/agents', agent('Researcher', { toolIds: [adderId] }))
    expect(researcher).toMatchObject({ toolIds: [adderId], allowDelegation: false, maxIterations: 10, providerId: null })
    const bTool = await created(b.admin, '/tools', { name: 'b-tool', kind: 'code', code: 'export default () => 1' })

    for (const [body, field] of [
      [agent('X1', { toolIds: [bTool.id] }), 'toolIds.0'],
      [agent('X2', { providerId: '00000000-0000-4000-8000-000000000000' }), 'providerId'],
      [agent('X3', { maxIterations: 0 }), 'maxIterations'],
      [{ name: 'X4', goal: 'g' }, 'role']
    ] as const) {
      const response = await a.admin.http.post('/agents', body)
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(JSON.stringify(response.body.data)).toContain(field)
    }
    expect((await viewer.http.post('/agents', agent('By viewer'))).status).toBe(403)
    expect((await b.admin.http.get(`/agents/${researcher.id}`)).status).toBe(404)
  })

  it('validates crews: agents of the tenant, task agents in the crew, context only earlier tasks, managers only when hierarchical', async () => {
    const one = await created(a.admin, '/agents', agent('One'))
    const two = await created(a.admin, '/agents', agent('Two'))
    const bAgent = await created(b.admin, '/agents', agent('Theirs'))
    const task = (id: string, extra: object = {}) => ({ id, description: `do ${id}`, expectedOutput: `${id} done`, ...extra })
    const base = { name: 'c', process: 'sequential', agentIds: [one.id], tasks: [task('t1')] }

    for (const [body, field] of [
      [{ ...base, agentIds: [bAgent.id] }, 'agentIds.0'],
      [{ ...base, tasks: [task('t1', { agentId: two.id })] }, 'tasks.0.agentId'],
      [{ ...base, tasks: [task('t1', { context: ['t2'] }), task('t2')] }, 'tasks.0.context.0'],
      [{ ...base, tasks: [task('t1'), task('t1')] }, 'tasks.1.id'],
      [{ ...base, managerAgentId: two.id }, 'managerAgentId'],
      [{ ...base, process: 'hierarchical', managerAgentId: two.id, managerProviderId: scriptedId }, 'managerProviderId'],
      [{ ...base, process: 'round-robin' }, 'process'],
      [{ ...base, tasks: [] }, 'tasks']
    ] as const) {
      const response = await a.admin.http.post('/crews', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(JSON.stringify(response.body.data)).toContain(field)
    }
    const crew = await created(a.admin, '/crews', { ...base, agentIds: [one.id, two.id], tasks: [task('t1', { agentId: two.id }), task('t2', { context: ['t1'] })] })
    expect(crew).toMatchObject({ process: 'sequential', memory: false, exposeViaMcp: false, managerAgentId: null })

    // A patch is checked merged with what is stored.
    const patched = await a.admin.http.patch(`/crews/${crew.id}`, { agentIds: [one.id] })
    expect(patched.status).toBe(400)
    expect(JSON.stringify(patched.body.data)).toContain('tasks.0.agentId')

    // An agent in use cannot be removed.
    const removal = await a.admin.http.delete(`/agents/${two.id}`)
    expect(removal.status).toBe(409)
    expect(removal.body.message).toMatch(/used by crews: c/)
  })
})

describe('running agents and crews', () => {
  let researcher: { id: string }
  let writer: { id: string }
  beforeAll(async () => {
    researcher = (await a.admin.http.get('/agents?name=Researcher')).body.data[0]
    writer = await created(a.admin, '/agents', agent('Writer'))
  })

  it('runs a sequential crew whose first agent calls a code tool and whose second summarises it, inside a flow', async () => {
    const crew = await created(a.admin, '/crews', {
      name: 'Research and write',
      process: 'sequential',
      agentIds: [researcher.id, writer.id],
      tasks: [
        { id: 'research', description: 'Add {x} and {y} with your tool', expectedOutput: 'The sum', agentId: researcher.id },
        { id: 'write', description: 'Summarise the research', expectedOutput: 'One sentence', agentId: writer.id }
      ]
    })
    const flow = await created(
      a.admin,
      '/flows',
      flowBody('crew flow', [node('start', 'trigger.manual'), node('crew', 'crew.run', { crewId: crew.id, inputs: { x: '{{ input.x }}', y: 23 } }), node('out', 'flow.output')], [['start', 'crew'], ['crew', 'out']])
    )
    const started = await created(a.admin, '/executions', { flowId: flow.id, input: { x: 19 } })
    const finished = await waitForExecution(a.admin.http.get, started.id)
    expect(finished, JSON.stringify(finished)).toMatchObject({
      status: 'succeeded',
      output: {
        text: 'Summary: the researcher found that the sum is 42.',
        tasks: [
          { taskId: 'research', output: 'The sum is 42.' },
          { taskId: 'write', output: 'Summary: the researcher found that the sum is 42.' }
        ]
      }
    })
    const events = (await a.admin.http.get(`/execution-events?executionId=${started.id}&$limit=1000&$sort[seq]=1`)).body.data
    const types = events.map((event: { type: string }) => event.type)
    expect(types).toEqual(expect.arrayContaining(['tool.call', 'tool.result', 'token']))
    expect(types.indexOf('tool.call')).toBeLessThan(types.indexOf('tool.result'))
    const call = events.find((event: { type: string }) => event.type === 'tool.call')
    expect(call.data).toMatchObject({ tool: 'adder', arguments: { a: 19, b: 23 } })
  })

  it('runs a single agent with agent.run and fails clearly when it never reaches an answer', async () => {
    const looper = await created(a.admin, '/agents', agent('Looper', { toolIds: [adderId], maxIterations: 3 }))
    const flow = await created(
      a.admin,
      '/flows',
      flowBody('agent flow', [node('start', 'trigger.manual'), node('agent', 'agent.run', { agentId: looper.id, prompt: 'Add numbers forever' })], [['start', 'agent']])
    )
    const started = await created(a.admin, '/executions', { flowId: flow.id, input: {} })
    const finished = await waitForExecution(a.admin.http.get, started.id)
    expect(finished.status).toBe('failed')
    expect(finished.error).toMatch(/Looper reached its maxIterations \(3\)/)
  })
})

describe('crew runs without a flow', () => {
  it('runs a crew with POST /executions {crewId, input}, inputs filling its placeholders', async () => {
    const researcher = (await a.admin.http.get('/agents?name=Researcher')).body.data[0]
    const crew = await created(a.admin, '/crews', {
      name: 'Direct run',
      process: 'sequential',
      agentIds: [researcher.id],
      inputSchema: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
      tasks: [{ id: 'sum', description: 'Add {x} and 23 with your tool', expectedOutput: 'The sum', agentId: researcher.id }]
    })
    const started = await created(a.admin, '/executions', { crewId: crew.id, input: { x: 19 } })
    expect(started).toMatchObject({ status: 'queued', crewId: crew.id, flowId: null })
    expect(started).not.toHaveProperty('graph')
    const finished = await waitForExecution(a.admin.http.get, started.id)
    expect(finished, JSON.stringify(finished)).toMatchObject({ status: 'succeeded', output: { text: 'The sum is 42.', tasks: [{ taskId: 'sum', output: 'The sum is 42.' }] } })

    const events = (await a.admin.http.get(`/execution-events?executionId=${started.id}&$limit=1000`)).body.data.map((event: { type: string }) => event.type)
    expect(events).toEqual(expect.arrayContaining(['task.started', 'task.completed', 'tool.call', 'tool.result']))

    const missing = await a.admin.http.post('/executions', { crewId: crew.id, input: {} })
    expect((await waitForExecution(a.admin.http.get, missing.body.id)).error).toMatch(/inputs.x is required/)
    const foreign = await a.admin.http.post('/executions', { crewId: '00000000-0000-4000-8000-000000000000', input: {} })
    expect(foreign.status).toBe(400)
    expect(foreign.body.data).toEqual([{ field: 'crewId', message: 'does not exist' }])
    expect((await a.admin.http.post('/executions', { crewId: crew.id, flowId: crew.id })).status).toBe(400)
  })

  it('stops the LLM stream in flight when a crew run is cancelled', async () => {
    const provider = (await a.admin.http.get('/llm-providers')).body.data[0]
    const slowRules = [...rules, { match: 'Ramble', reply: Array.from({ length: 400 }, (_, index) => `w${index}`).join(' ') }]
    await a.admin.http.patch(`/llm-providers/${provider.id}`, { rules: slowRules, options: { tokenDelayMs: 20 } })
    const talker = await created(a.admin, '/agents', agent('Talker'))
    const crew = await created(a.admin, '/crews', {
      name: 'Slow talker',
      process: 'sequential',
      agentIds: [talker.id],
      tasks: [
        { id: 'talk', description: 'Ramble on', expectedOutput: 'Words', agentId: talker.id },
        { id: 'after', description: 'Summarise', expectedOutput: 'Less words', agentId: talker.id }
      ]
    })
    const started = await created(a.admin, '/executions', { crewId: crew.id, input: {} })
    for (let tries = 0; ; tries++) {
      const tokens = (await a.admin.http.get(`/execution-events?executionId=${started.id}&type=token&$limit=1`)).body.total
      if (tokens > 0) break
      if (tries > 200) throw new Error('no token streamed')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const cancelledAt = Date.now()
    expect((await a.admin.http.patch(`/executions/${started.id}`, { status: 'cancelled' })).status).toBe(200)
    const finished = await waitForExecution(a.admin.http.get, started.id, 5000)
    expect(finished.status).toBe('cancelled')
    expect(Date.now() - cancelledAt).toBeLessThan(2000)
    const tokensAtEnd = (await a.admin.http.get(`/execution-events?executionId=${started.id}&type=token&$limit=1`)).body.total
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await a.admin.http.get(`/execution-events?executionId=${started.id}&type=token&$limit=1`)).body.total).toBe(tokensAtEnd)
    expect(tokensAtEnd).toBeLessThan(400)
    const types = (await a.admin.http.get(`/execution-events?executionId=${started.id}&$limit=1000`)).body.data.map((event: { type: string }) => event.type)
    expect(types).not.toContain('task.completed')
    await a.admin.http.patch(`/llm-providers/${provider.id}`, { rules, options: {} })
  })
})
