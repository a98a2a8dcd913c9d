import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../../../core/test/flows-graph.js'
import { connectSocket } from '../../../core/test/socket.js'
import { signupTenant, type TestTenant } from '../../../core/test/tenants.js'
import { startTestServer, type TestServer } from '../../../core/test/test-server.js'
import { cutShortStreamReply, errorReply, startScriptedOpenAi, textStreamReply, toolCallStreamReply, type ScriptedOpenAi } from './scripted-openai.js'

// Crews and agents run by the real server, through the real `openai` provider plugin and its
// `openai` client, against a local stand-in for the hosted model: what the model was sent is
// asserted from the request bodies the stand-in received.

const apiKey = 'sk-test-CREW-KEY-MUST-NEVER-LEAK-0123456789'
let server: TestServer
let tenant: TestTenant
let model: ScriptedOpenAi
let multiplyTool: { id: string }

interface ExecutionEvent {
  type: string
  nodeId: string | null
  data: Record<string, any>
}

const multiplySchema = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
  additionalProperties: false
}

async function created(t: TestTenant, path: string, body: object) {
  const response = await t.admin.http.post(path, body)
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

/** Leaves `t` with only `openai` providers at the fake endpoint: `[name, key]` in priority order. */
async function useFakeOpenAi(t: TestTenant, providers: Array<[string, string]>) {
  const existing = (await t.admin.http.get('/llm-providers')).body.data as Array<{ id: string }>
  for (const { id } of existing) expect((await t.admin.http.patch(`/llm-providers/${id}`, { enabled: false })).status).toBe(200)
  for (const [index, [name, key]] of providers.entries()) {
    await created(t, '/llm-providers', { name, kind: 'openai', baseUrl: model.url, model: 'gpt-4o-mini', apiKey: key, priority: index + 1 })
  }
}

const agentBody = (name: string, role: string, extra: object = {}) => ({
  name,
  role,
  goal: `${name}'s goal: be accurate`,
  backstory: `${name} has done this for twenty years.`,
  ...extra
})

/** Runs a crew with `POST /executions {crewId, input}` and returns the finished execution and its events in order. */
async function runCrew(t: TestTenant, crewId: string, input: object) {
  const started = await created(t, '/executions', { crewId, input })
  return finished(t, started.id)
}

async function finished(t: TestTenant, executionId: string) {
  const execution = await waitForExecution(t.admin.http.get, executionId)
  const page = await t.admin.http.get(`/execution-events?executionId=${executionId}&$limit=1000&$sort[seq]=1`)
  return { execution, events: page.body.data as ExecutionEvent[] }
}

/** The JSON Schema a prompt ends with (stored as jsonb, its keys may come back in another order). */
const schemaAtEndOf = (prompt: string) => JSON.parse(prompt.slice(prompt.lastIndexOf('JSON Schema:\n') + 'JSON Schema:\n'.length))

const ofType = (events: ExecutionEvent[], ...types: string[]) => events.filter((event) => types.includes(event.type))

beforeAll(async () => {
  model = await startScriptedOpenAi()
  // The scripted OpenAI stand-in listens on 127.0.0.1, which providers may not reach by default.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' })
  tenant = await signupTenant(server.url)
  await useFakeOpenAi(tenant, [['Fake OpenAI', apiKey]])
  multiplyTool = await created(tenant, '/tools', {
    name: 'multiply',
    description: 'Multiplies a by b',
    kind: 'code',
    runtime: 'sandbox-isolate',
    inputSchema: multiplySchema,
    // `process` exists on the host but not in the isolate: the answer shows where the code ran.
    code: "export default ({ a, b }) => ({ product: a * b, sandboxed: typeof process === 'undefined' })"
  })
})
afterAll(async () => {
  await server?.close()
  await model?.close()
})

describe('crews on an OpenAI-compatible endpoint', () => {
  it('runs a sequential crew: each prompt carries the agent, its task and the previous output; tokens stream in order', async () => {
    const researchTokens = ['Tea ', 'is the second ', 'most drunk ', 'beverage.']
    const taglineTokens = ['Second only ', 'to water.']
    const researcherCalls = model.script('Tea Researcher', [textStreamReply(researchTokens, { prompt_tokens: 120, completion_tokens: 8 })])
    const writerCalls = model.script('Tagline Writer', [textStreamReply(taglineTokens, { prompt_tokens: 140, completion_tokens: 5 })])
    const researcher = await created(tenant, '/agents', agentBody('Rita', 'Tea Researcher'))
    const writer = await created(tenant, '/agents', agentBody('Wes', 'Tagline Writer'))
    const crew = await created(tenant, '/crews', {
      name: 'Tea facts',
      process: 'sequential',
      agentIds: [researcher.id, writer.id],
      tasks: [
        { id: 'research', description: 'Find one striking fact about {topic}', expectedOutput: 'One sentence with the fact', agentId: researcher.id },
        { id: 'tagline', description: 'Turn the fact into a tagline', expectedOutput: 'A tagline of at most six words', agentId: writer.id }
      ]
    })

    const { execution, events } = await runCrew(tenant, crew.id, { topic: 'tea' })

    const research = researchTokens.join('')
    const tagline = taglineTokens.join('')
    expect(execution, JSON.stringify(execution)).toMatchObject({
      status: 'succeeded',
      output: { text: tagline, tasks: [{ taskId: 'research', output: research }, { taskId: 'tagline', output: tagline }] }
    })

    expect(researcherCalls).toHaveLength(1)
    const [asked] = researcherCalls
    expect(asked.headers.authorization).toBe(`Bearer ${apiKey}`)
    expect(asked.body).toMatchObject({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } })
    expect(asked.body.tools).toBeUndefined()
    const [system, user] = asked.body.messages
    expect(system.role).toBe('system')
    expect(system.content).toContain('You are Tea Researcher. Rita has done this for twenty years.')
    expect(system.content).toContain("Your personal goal is: Rita's goal: be accurate")
    expect(user.role).toBe('user')
    expect(user.content).toContain('Current Task: Find one striking fact about tea')
    expect(user.content).toContain('One sentence with the fact')
    expect(user.content).not.toContain('Output of task')

    expect(writerCalls).toHaveLength(1)
    const [writerSystem, writerUser] = writerCalls[0].body.messages
    expect(writerSystem.content).toContain('You are Tagline Writer. Wes has done this for twenty years.')
    expect(writerSystem.content).toContain("Your personal goal is: Wes's goal: be accurate")
    expect(writerUser.content).toContain('Current Task: Turn the fact into a tagline')
    expect(writerUser.content).toContain('A tagline of at most six words')
    expect(writerUser.content).toContain(`Output of task research:\n${research}`)

    const tokens = ofType(events, 'token').map((event) => [event.data.agent, event.data.token])
    expect(tokens).toEqual([...researchTokens.map((token) => ['Rita', token]), ...taglineTokens.map((token) => ['Wes', token])])
    expect(ofType(events, 'task.started', 'task.completed').map((event) => [event.type, event.data.taskId])).toEqual([
      ['task.started', 'research'],
      ['task.completed', 'research'],
      ['task.started', 'tagline'],
      ['task.completed', 'tagline']
    ])
  })

  it('runs native tool calls in the sandbox, sends each result back under its tool_call_id, and returns bad arguments as an observation', async () => {
    const calls = model.script('Quartermaster', [
      toolCallStreamReply([{ id: 'call_bad', name: 'multiply', arguments: '{"a":"six","b":7}' }]),
      toolCallStreamReply([{ id: 'call_good', name: 'multiply', arguments: '{"a":6,"b":7}' }]),
      textStreamReply(['Six crates ', 'of seven: 42.'])
    ])
    const quartermaster = await created(tenant, '/agents', agentBody('Quinn', 'Quartermaster', { toolIds: [multiplyTool.id] }))
    const crew = await created(tenant, '/crews', {
      name: 'Stock count',
      process: 'sequential',
      agentIds: [quartermaster.id],
      tasks: [{ id: 'count', description: 'How many bottles are in {crates} crates of 7?', expectedOutput: 'The number of bottles' }]
    })

    const { execution, events } = await runCrew(tenant, crew.id, { crates: 6 })

    expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'succeeded', output: { text: 'Six crates of seven: 42.' } })
    expect(calls).toHaveLength(3)
    expect(calls[0].body.tools).toEqual([
      { type: 'function', function: { name: 'multiply', description: 'Multiplies a by b', parameters: multiplySchema } }
    ])

    // The refused call comes back to the model as the observation of that call.
    const afterBadCall = calls[1].body.messages.slice(-2)
    expect(afterBadCall[0]).toMatchObject({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_bad', type: 'function', function: { name: 'multiply', arguments: '{"a":"six","b":7}' } }]
    })
    expect(afterBadCall[1]).toMatchObject({ role: 'tool', tool_call_id: 'call_bad' })
    expect(afterBadCall[1].content).toMatch(/^Error: invalid arguments for tool multiply: args\.a must be number\. Call the tool again/)

    // The good call ran in the isolate and its result is the next observation.
    const afterGoodCall = calls[2].body.messages.slice(-2)
    expect(afterGoodCall[0]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_good', function: { name: 'multiply', arguments: '{"a":6,"b":7}' } }] })
    expect(afterGoodCall[1]).toEqual({ role: 'tool', tool_call_id: 'call_good', content: '{"product":42,"sandboxed":true}' })
    // Earlier turns are kept: the whole conversation travels each time.
    expect(calls[2].body.messages.slice(0, calls[1].body.messages.length)).toEqual(calls[1].body.messages)

    expect(ofType(events, 'tool.call', 'tool.result').map(({ type, data }) => ({ type, ...data }))).toEqual([
      { type: 'tool.call', agent: 'Quinn', tool: 'multiply', callId: 'call_bad', arguments: { a: 'six', b: 7 } },
      { type: 'tool.result', agent: 'Quinn', tool: 'multiply', callId: 'call_bad', error: expect.stringContaining('args.a must be number') },
      { type: 'tool.call', agent: 'Quinn', tool: 'multiply', callId: 'call_good', arguments: { a: 6, b: 7 } },
      { type: 'tool.result', agent: 'Quinn', tool: 'multiply', callId: 'call_good', result: { product: 42, sandboxed: true } }
    ])
  })

  it('hands tool arguments that are not valid JSON back to the model as an observation, without running the tool; the corrected call runs', async () => {
    const calls = model.script('Stock Tallier', [
      toolCallStreamReply([{ id: 'call_broken', name: 'multiply', arguments: '{"a":6,"b":' }]),
      toolCallStreamReply([{ id: 'call_fixed', name: 'multiply', arguments: '{"a":6,"b":7}' }]),
      textStreamReply(['Six crates ', 'hold 42.'])
    ])
    const tallier = await created(tenant, '/agents', agentBody('Tess', 'Stock Tallier', { toolIds: [multiplyTool.id] }))
    const crew = await created(tenant, '/crews', {
      name: 'Stock tally',
      process: 'sequential',
      agentIds: [tallier.id],
      tasks: [{ id: 'tally', description: 'How many bottles are in {crates} crates of 7?', expectedOutput: 'The number of bottles' }]
    })

    const { execution, events } = await runCrew(tenant, crew.id, { crates: 6 })

    expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'succeeded', output: { text: 'Six crates hold 42.' } })
    expect(calls).toHaveLength(3)
    const brokenArguments = 'Unexpected end of JSON input (arguments: {"a":6,"b":)'
    const error = `the arguments for tool multiply are not valid JSON: ${brokenArguments}. Call the tool again with corrected arguments.`
    // The broken call travels back as a call with empty arguments, answered under its tool_call_id.
    expect(calls[1].body.messages.slice(-2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_broken', type: 'function', function: { name: 'multiply', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_broken', content: `Error: ${error}` }
    ])
    expect(calls[2].body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_fixed', content: '{"product":42,"sandboxed":true}' })
    expect(ofType(events, 'tool.call', 'tool.result').map(({ type, data }) => ({ type, ...data }))).toEqual([
      { type: 'tool.call', agent: 'Tess', tool: 'multiply', callId: 'call_broken', arguments: {}, argumentsError: brokenArguments },
      { type: 'tool.result', agent: 'Tess', tool: 'multiply', callId: 'call_broken', error },
      { type: 'tool.call', agent: 'Tess', tool: 'multiply', callId: 'call_fixed', arguments: { a: 6, b: 7 } },
      { type: 'tool.result', agent: 'Tess', tool: 'multiply', callId: 'call_fixed', result: { product: 42, sandboxed: true } }
    ])
  })

  it('asks once more when a structured answer does not match the schema, naming the problem, and accepts the correction (agent.run)', async () => {
    const outputSchema = {
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'integer' } },
      required: ['city', 'population'],
      additionalProperties: false
    }
    const calls = model.script('Census Clerk', [
      textStreamReply(['{"city":"Paris",', '"population":"about two million"}']),
      textStreamReply(['```json\n{"city":"Paris","population":2102650}\n```'])
    ])
    const clerk = await created(tenant, '/agents', agentBody('Cleo', 'Census Clerk', { outputSchema }))
    const flow = await created(
      tenant,
      '/flows',
      flowBody(
        'Census question',
        [node('start', 'trigger.manual'), node('ask', 'agent.run', { agentId: clerk.id, prompt: 'How many people live in {{ input.city }}?' }), node('out', 'flow.output')],
        [['start', 'ask'], ['ask', 'out']]
      )
    )
    const started = await created(tenant, '/executions', { flowId: flow.id, input: { city: 'Paris' } })
    const { execution } = await finished(tenant, started.id)

    expect(execution, JSON.stringify(execution)).toMatchObject({
      status: 'succeeded',
      output: { text: '{"city":"Paris","population":2102650}', output: { city: 'Paris', population: 2102650 } }
    })
    expect(calls).toHaveLength(2)
    expect(schemaAtEndOf(calls[0].body.messages[0].content)).toEqual(outputSchema)
    expect(calls[0].body.messages[1].content).toContain('Current Task: How many people live in Paris?')
    const [firstAnswer, correction] = calls[1].body.messages.slice(-2)
    expect(firstAnswer).toEqual({ role: 'assistant', content: '{"city":"Paris","population":"about two million"}' })
    expect(correction.role).toBe('user')
    expect(correction.content).toContain('Your final answer does not match the required JSON Schema: answer.population must be integer')
    expect(schemaAtEndOf(correction.content)).toEqual(outputSchema)
  })

  it('runs a hierarchical crew: the manager delegates with delegate_task, the coworker answers, the manager concludes', async () => {
    const managerCalls = model.script('You are Crew Manager.', [
      toolCallStreamReply([
        { id: 'call_delegate', name: 'delegate_task', arguments: JSON.stringify({ agent: 'Hana', task: 'Name the main risk of a tea shop', context: 'The shop is in a rainy town' }) }
      ]),
      textStreamReply(['Report: ', 'the main risk is damp stock.'])
    ])
    const analystCalls = model.script('Risk Analyst', [textStreamReply(['Damp stock.'])])
    const bystanderCalls = model.script('Idle Bystander', [])
    const analyst = await created(tenant, '/agents', agentBody('Hana', 'Risk Analyst'))
    const bystander = await created(tenant, '/agents', agentBody('Ivo', 'Idle Bystander'))
    const crew = await created(tenant, '/crews', {
      name: 'Risk review',
      process: 'hierarchical',
      agentIds: [analyst.id, bystander.id],
      tasks: [{ id: 'report', description: 'Write a risk report for {business}', expectedOutput: 'One sentence naming the main risk' }]
    })

    const { execution, events } = await runCrew(tenant, crew.id, { business: 'a tea shop' })

    const report = 'Report: the main risk is damp stock.'
    expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'succeeded', output: { text: report, tasks: [{ taskId: 'report', output: report }] } })

    expect(managerCalls).toHaveLength(2)
    const offered = managerCalls[0].body.tools.map((tool: { function: { name: string } }) => tool.function.name)
    expect(offered).toEqual(['delegate_task', 'ask_question'])
    expect(managerCalls[0].body.tools[0].function.description).toContain('Hana (Risk Analyst), Ivo (Idle Bystander)')
    expect(managerCalls[0].body.messages[1].content).toContain('Current Task: Write a risk report for a tea shop')

    expect(analystCalls).toHaveLength(1)
    const [analystSystem, analystUser] = analystCalls[0].body.messages
    expect(analystSystem.content).toContain('You are Risk Analyst.')
    expect(analystUser.content).toContain('Current Task: Name the main risk of a tea shop')
    expect(analystUser.content).toContain('The shop is in a rainy town')
    expect(bystanderCalls).toEqual([])

    expect(managerCalls[1].body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_delegate', content: 'Damp stock.' })
    expect(ofType(events, 'delegation').map((event) => event.data)).toEqual([
      { from: 'Crew Manager', to: 'Hana', task: 'Name the main risk of a tea shop', kind: 'task' }
    ])
  })

  it('gives a crew with memory earlier results of the run and, on the next run, what it remembered', async () => {
    const calls = model.script('Cafe Scout', [
      textStreamReply(['Three cafés found.']),
      textStreamReply(['Café Lua is the best.']),
      textStreamReply(['Come to Café Lua!']),
      textStreamReply(['Four cafés found.']),
      textStreamReply(['Still Café Lua.']),
      textStreamReply(['Café Lua, again!'])
    ])
    const scout = await created(tenant, '/agents', agentBody('Cora', 'Cafe Scout'))
    const crew = await created(tenant, '/crews', {
      name: 'Cafe guide',
      process: 'sequential',
      memory: true,
      agentIds: [scout.id],
      tasks: [
        { id: 'scout', description: 'Scout the cafés of {city}', expectedOutput: 'How many cafés there are' },
        { id: 'pick', description: 'Pick the best café of {city}', expectedOutput: 'One café' },
        { id: 'announce', description: 'Announce the pick', expectedOutput: 'One line', context: ['pick'] }
      ]
    })

    const first = await runCrew(tenant, crew.id, { city: 'Lisbon' })
    expect(first.execution, JSON.stringify(first.execution)).toMatchObject({ status: 'succeeded', output: { text: 'Come to Café Lua!' } })
    expect(calls[0].body.messages[1].content).not.toContain('Relevant memories')
    const announce = calls[2].body.messages[1].content
    expect(announce).toContain('Earlier results in this run:\n- scout: Three cafés found.')
    expect(announce).toContain('Output of task pick:\nCafé Lua is the best.')

    const second = await runCrew(tenant, crew.id, { city: 'Lisbon' })
    expect(second.execution.status).toBe('succeeded')
    expect(calls[3].body.messages[1].content).toContain(
      'Relevant memories from earlier runs:\n- Inputs: {"city":"Lisbon"}\n- scout: Three cafés found.\n- pick: Café Lua is the best.\n- announce: Come to Café Lua!'
    )
  })
})

describe('provider errors on the way', () => {
  it('fails the run with the provider error when the endpoint answers 500, without the API key anywhere', async () => {
    const calls = model.script('Flaky Summariser', [
      textStreamReply(['First part done.']),
      errorReply(500, `upstream exploded while serving ${apiKey}`)
    ])
    const summariser = await created(tenant, '/agents', agentBody('Sam', 'Flaky Summariser'))
    const crew = await created(tenant, '/crews', {
      name: 'Two summaries',
      process: 'sequential',
      agentIds: [summariser.id],
      tasks: [
        { id: 'first', description: 'Summarise part one', expectedOutput: 'A sentence' },
        { id: 'second', description: 'Summarise part two', expectedOutput: 'A sentence' }
      ]
    })

    const { execution, events } = await runCrew(tenant, crew.id, {})

    expect(calls).toHaveLength(2)
    expect(execution.status).toBe('failed')
    expect(execution.error).toMatch(/Every LLM provider failed: Fake OpenAI: HTTP 500: upstream exploded while serving \[redacted\]/)
    expect(ofType(events, 'task.completed').map((event) => event.data.taskId)).toEqual(['first'])
    expect(ofType(events, 'node.failed')).toMatchObject([{ nodeId: 'crew' }])
    expect(JSON.stringify([execution, events])).not.toContain(apiKey)
  })

  describe('with a backup provider', () => {
    const backupKey = 'sk-test-BACKUP-KEY-MUST-NEVER-LEAK-987654'
    let other: TestTenant
    beforeAll(async () => {
      other = await signupTenant(server.url)
      await useFakeOpenAi(other, [['Primary', apiKey], ['Backup', backupKey]])
    })

    /** A one-task crew of a new agent with `role` in the tenant with two providers. */
    async function oneTaskCrew(name: string, role: string) {
      const agent = await created(other, '/agents', agentBody(name, role))
      return created(other, '/crews', {
        name: `${name}'s crew`,
        process: 'sequential',
        agentIds: [agent.id],
        tasks: [{ id: 'line', description: 'Write a line about tea', expectedOutput: 'One line' }]
      })
    }

    it('fails over to the next provider when the first answers 429, saying so in an event without either key', async () => {
      const calls = model.script('Rate Limited Poet', [
        // The vendor asks for no wait: the primary is not rested, and the next tests try it first again.
        errorReply(429, `Rate limit reached for key ${apiKey}`, 'rate_limit_exceeded', null, { 'retry-after': '0' }),
        textStreamReply(['Leaves ', 'steep, ', 'time slows.'])
      ])
      const crew = await oneTaskCrew('Pia', 'Rate Limited Poet')

      const { execution, events } = await runCrew(other, crew.id, {})

      expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'succeeded', output: { text: 'Leaves steep, time slows.' } })
      expect(calls.map((call) => call.headers.authorization)).toEqual([`Bearer ${apiKey}`, `Bearer ${backupKey}`])
      expect(calls[1].body.messages).toEqual(calls[0].body.messages)
      expect(ofType(events, 'llm.failover').map((event) => event.data)).toEqual([
        expect.objectContaining({ providerName: 'Primary', nextProviderName: 'Backup', status: 429, reason: expect.stringContaining('Rate limit reached for key [redacted]') })
      ])
      // Nothing had streamed: nothing to discard.
      expect(ofType(events, 'llm.failover')[0]?.data).not.toHaveProperty('discardStreamedTokens')
      expect(ofType(events, 'token').map((event) => event.data.token)).toEqual(['Leaves ', 'steep, ', 'time slows.'])
      const everything = JSON.stringify([execution, events])
      expect(everything).not.toContain(apiKey)
      expect(everything).not.toContain(backupKey)
    })

    it('does not take a stream the server cut short for the answer: it fails over, saying the tokens streamed so far are to be discarded', async () => {
      const calls = model.script('Cut Off Poet', [cutShortStreamReply(['Leaves', ' st']), textStreamReply(['Leaves ', 'steep.'])])
      const crew = await oneTaskCrew('Cai', 'Cut Off Poet')

      const { execution, events } = await runCrew(other, crew.id, {})

      expect(calls).toHaveLength(2)
      expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'succeeded', output: { text: 'Leaves steep.' } })
      const failover = events.findIndex((event) => event.type === 'llm.failover')
      expect(events[failover]).toMatchObject({
        nodeId: 'crew',
        data: {
          providerName: 'Primary',
          nextProviderName: 'Backup',
          reason: 'The stream ended before the reply was complete',
          discardStreamedTokens: true,
          discardedTokens: 2
        }
      })
      // Tokens stay live: the failed attempt's went out, and the rule of docs/llm.md takes them back.
      expect(ofType(events.slice(0, failover), 'token').map((event) => event.data.token)).toEqual(['Leaves', ' st'])
      expect(ofType(events.slice(failover), 'token').map((event) => event.data.token)).toEqual(['Leaves ', 'steep.'])
      const shown: string[] = []
      for (const event of events.filter((item) => item.nodeId === 'crew')) {
        if (event.type === 'token') shown.push(event.data.token)
        if (event.type === 'llm.failover' && event.data.discardStreamedTokens === true) shown.splice(-event.data.discardedTokens)
      }
      expect(shown.join('')).toBe('Leaves steep.')
    })

    it('takes a cut-short partial answer back in a chat too: the relayed pieces name the indices to drop, and the stored answer is the backup\'s', async () => {
      model.script('Interrupted Chat Poet', [cutShortStreamReply(['Mist', 'y hi']), textStreamReply(['Misty ', 'hills.'])])
      const agent = await created(other, '/agents', agentBody('Ida', 'Interrupted Chat Poet'))
      const socket = await connectSocket(server.url, other.admin.accessToken)
      try {
        const pieces: Array<{ messageId: string; token: string; index: number; discardIndices?: number[] }> = []
        const finished = new Promise<{ id: string; content: string; status: string }>((resolve) =>
          socket.service('chat-messages' as 'flows').on('patched', (message: any) => {
            if (message.role === 'assistant' && message.status !== 'streaming') resolve(message)
          })
        )
        socket.service('chat-messages' as 'flows').on('token', (piece: any) => pieces.push(piece))
        const session = await created(other, '/chat-sessions', { agentId: agent.id })
        await created(other, '/chat-messages', { sessionId: session.id, content: 'A line about hills, please' })

        const answer = await finished
        expect(answer).toMatchObject({ status: 'complete', content: 'Misty hills.' })
        const mine = pieces.filter((piece) => piece.messageId === answer.id)
        expect(mine.map(({ token, index, discardIndices }) => ({ token, index, discardIndices }))).toEqual([
          { token: 'Mist', index: 0, discardIndices: undefined },
          { token: 'y hi', index: 1, discardIndices: undefined },
          { token: '', index: 2, discardIndices: [0, 1] },
          { token: 'Misty ', index: 3, discardIndices: undefined },
          { token: 'hills.', index: 4, discardIndices: undefined }
        ])
        const dropped = new Set(mine.flatMap((piece) => piece.discardIndices ?? []))
        expect(mine.filter((piece) => !dropped.has(piece.index)).map((piece) => piece.token).join('')).toBe(answer.content)
      } finally {
        socket.close()
      }
    })
  })
})
