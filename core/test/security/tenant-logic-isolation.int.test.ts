import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, expectNoPollution } from './hostile.js'

/**
 * Tenants' logic (JSONata, templates, regular expressions, JSON Schemas, code tools) against the
 * fault isolation it must not break: every poison below fails the tenant's own work with a clear
 * message while the server, `/health` and another tenant carry on. Limits are set small so the
 * suite runs in seconds; the mechanisms are the same at the defaults.
 */

let server: TestServer
let attacker: TestTenant
let bystander: TestTenant

const timeoutMs = 1000
/** The longest a request waits for its logic worker on a machine too busy to run it: ten times the CPU budget, and some. */
const maxWaitMs = 10 * timeoutMs + 1500
const catastrophicInput = `${'a'.repeat(32)}!`

beforeAll(async () => {
  server = await startTestServer({
    TROUPE_LOGIC_WORKERS: '2',
    TROUPE_LOGIC_MEMORY_MB: '64',
    TROUPE_LOGIC_TIMEOUT_MS: String(timeoutMs),
    TROUPE_LOGIC_MAX_RESULT_BYTES: '1000000',
    // Every case here exhausts a budget on purpose; the refusal of a tenant that keeps doing so is tested on its own.
    TROUPE_LOGIC_MAX_EXHAUSTED_PER_MINUTE: '1000',
    TROUPE_LOGIC_CPU_MS_PER_SECOND: '64000'
  })
  ;[attacker, bystander] = await Promise.all([signupTenant(server.url, 'Attacker'), signupTenant(server.url, 'Bystander')])
})
afterAll(async () => {
  await server?.close()
})

/** `/health` and a bystander's transform flow both answer promptly: the poison stayed with its tenant. */
async function othersUnaffected() {
  const started = Date.now()
  const health = await fetch(`${server.url}/health`)
  expect(health.status).toBe(200)
  const flow = await created(bystander.admin, '/flows', flowBody('fine', [node('t', 'trigger.manual'), node('x', 'data.transform', { expression: 'input.n * 2' }), node('o', 'flow.output')], [['t', 'x'], ['x', 'o']]))
  const run = await created(bystander.admin, '/executions', { flowId: flow.id, input: { n: 21 } })
  const done = await waitForExecution(bystander.admin.http.get, run.id)
  expect(done).toMatchObject({ status: 'succeeded', output: 42 })
  expect(Date.now() - started).toBeLessThan(3000)
}

/** Runs a one-transform flow of the attacker and answers the finished execution. */
async function runTransform(expression: string, input: unknown = {}) {
  const flow = await created(attacker.admin, '/flows', flowBody('poison', [node('t', 'trigger.manual'), node('x', 'data.transform', { expression }), node('o', 'flow.output')], [['t', 'x'], ['x', 'o']]))
  const run = await created(attacker.admin, '/executions', { flowId: flow.id, input })
  return waitForExecution(attacker.admin.http.get, run.id)
}

describe('expressions that exhaust memory or time fail their execution, not the server', () => {
  const poisons: Array<[string, string, RegExp]> = [
    ['$eval recursion (the reported heap killer)', '( $f := function($x){ $eval("$f(1)", {"f": $f}) }; $f(1) )', /needed more than 64 MB of memory|took longer than/],
    ['a ten-million range', '[1..10000000]', /needed more than 64 MB of memory|larger than 1000000 bytes|took longer than/],
    ['a string of a hundred million characters', '$pad("", 100000000, "x")', /needed more than 64 MB of memory|larger than 1000000 bytes|took longer than/],
    ['tail recursion for ever', '( $f := function($x){ $f($x) }; $f(1) )', new RegExp(`^Node x failed: Expression took longer than ${timeoutMs} ms$`)],
    ['a result larger than the cap', '$pad("", 2000000, "x")', /^Node x failed: Expression result is larger than 1000000 bytes/],
    ['catastrophic backtracking in $match', `$match("${catastrophicInput}", /^(a+)+$/)`, new RegExp(`Expression took longer than ${timeoutMs} ms`)],
    ['catastrophic backtracking in $replace', `$replace("${catastrophicInput}", /^(a|a)*$/, "x")`, new RegExp(`Expression took longer than ${timeoutMs} ms`)],
    ['catastrophic backtracking in $split', `$split("${catastrophicInput}", /(a+)+b/)`, new RegExp(`Expression took longer than ${timeoutMs} ms`)]
  ]

  it.each(poisons)('%s', async (_name, expression, reason) => {
    const done = await runTransform(expression)
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(reason)
    await othersUnaffected()
    expectNoPollution()
  })

  it('a condition with a catastrophic pattern fails its execution the same way', async () => {
    const flow = await created(
      attacker.admin,
      '/flows',
      flowBody('poison branch', [node('t', 'trigger.manual'), node('c', 'logic.condition', { expression: `$contains(input.s, /^(a|aa)+$/)` }), node('o', 'flow.output')], [['t', 'c'], ['c', 'o', 'true']])
    )
    const run = await created(attacker.admin, '/executions', { flowId: flow.id, input: { s: 'a'.repeat(40) + '!' } })
    const done = await waitForExecution(attacker.admin.http.get, run.id)
    expect(done).toMatchObject({ status: 'failed', error: `Node c failed: Expression took longer than ${timeoutMs} ms` })
  })
})

describe('templates render in linear time within a size budget', () => {
  it('a template repeating a large value 20 000 times fails its node instead of building gigabytes', async () => {
    const flow = await created(
      attacker.admin,
      '/flows',
      flowBody('template bomb', [node('t', 'trigger.manual'), node('p', 'llm.prompt', { prompt: '{{ input.big }}'.repeat(20_000) }), node('o', 'flow.output')], [['t', 'p'], ['p', 'o']])
    )
    const run = await created(attacker.admin, '/executions', { flowId: flow.id, input: { big: 'x'.repeat(100_000) } })
    const done = await waitForExecution(attacker.admin.http.get, run.id)
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/Templates rendered more than \d+ characters/)
    await othersUnaffected()
  })
})

describe('regular expressions of scripted providers', () => {
  it('refuses nested quantifiers at save, naming the rule', async () => {
    const response = await attacker.admin.http.post('/llm-providers', { name: 'redos', kind: 'scripted', rules: [{ match: 'ok', reply: 'x' }, { match: '^(a+)+$', reply: 'boom' }] })
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(/rules\.1\.match nests repetitions/)
  })

  it('matches a slow pattern the analysis lets through within the time budget: the LLM call fails, the server does not stall', async () => {
    const provider = await created(attacker.admin, '/llm-providers', { name: 'slow', kind: 'scripted', priority: 1, rules: [{ match: '^(a|a)*$', reply: 'never' }] })
    const flow = await created(
      attacker.admin,
      '/flows',
      flowBody('slow rule', [node('t', 'trigger.manual'), node('p', 'llm.prompt', { prompt: '{{ input.s }}', providerId: provider.id }), node('o', 'flow.output')], [['t', 'p'], ['p', 'o']])
    )
    const run = await created(attacker.admin, '/executions', { flowId: flow.id, input: { s: catastrophicInput } })
    await othersUnaffected()
    const done = await waitForExecution(attacker.admin.http.get, run.id)
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(new RegExp(`Matching the regular expressions took longer than ${timeoutMs} ms`))
    await othersUnaffected()
  })
})

describe('JSON Schemas: webhook input schemas (anonymous callers) and tool input schemas', () => {
  const webhookFlow = (pattern: string) =>
    flowBody(
      'hook',
      [node('h', 'trigger.webhook', { inputSchema: { type: 'object', properties: { name: { type: 'string', pattern } } } }), node('o', 'flow.output')],
      [['h', 'o']]
    )

  it('refuses a webhook input schema with nested quantifiers at save, naming the field', async () => {
    const response = await attacker.admin.http.post('/flows', webhookFlow('^(a+)+$'))
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(/nodes\.0\.params\.inputSchema\.properties\.name\.pattern nests repetitions/)
    expect(response.body.data).toEqual([{ field: 'nodes.0.params.inputSchema.properties.name.pattern', message: expect.stringMatching(/^nests repetitions/) }])
  })

  it('checks an anonymous webhook body against a slow pattern within the budget, with a clear 422, while others carry on', async () => {
    const flow = await created(attacker.admin, '/flows', webhookFlow('^(a|a)*$'))
    const started = Date.now()
    const slow = fetch(`${server.url}${restPrefix}/hooks/${flow.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: catastrophicInput }) })
    await othersUnaffected()
    const answer = await slow
    expect(answer.status).toBe(422)
    expect(((await answer.json()) as { message: string }).message).toBe(`Validating against the JSON Schema took longer than ${timeoutMs} ms`)
    expect(Date.now() - started).toBeLessThan(maxWaitMs)
    const fine = await fetch(`${server.url}${restPrefix}/hooks/${flow.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'aaa' }) })
    expect(fine.status).toBe(200)
    const refused = await fetch(`${server.url}${restPrefix}/hooks/${flow.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 7 }) })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { message: string }).message).toBe('Invalid input: input.name must be string')
    await othersUnaffected()
  })

  it('refuses tool input schemas with nested quantifiers, and bounds slow ones at call time', async () => {
    const bad = await attacker.admin.http.post('/tools', {
      name: 'redos_tool',
      kind: 'code',
      code: 'export default () => 1',
      inputSchema: { type: 'object', properties: { q: { type: 'string', pattern: '(\\w+\\s?)*$' } } }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.data).toContainEqual({ field: 'inputSchema.properties.q.pattern', message: expect.stringMatching(/^nests repetitions/) })
    const slow = await created(attacker.admin, '/tools', {
      name: 'slow_tool',
      kind: 'code',
      code: 'export default () => 1',
      inputSchema: { type: 'object', properties: { q: { type: 'string', pattern: '^(a|a)*$' } } }
    })
    const started = Date.now()
    const pending = attacker.admin.http.post(`/tools/${slow.id}/test`, { args: { q: catastrophicInput } })
    await othersUnaffected()
    const test = await pending
    expect(test.status).toBe(422)
    expect(test.body.message).toBe(`Validating against the JSON Schema took longer than ${timeoutMs} ms`)
    expect(Date.now() - started).toBeLessThan(maxWaitMs)
  })

  it('keeps each tenant’s schemas apart: no $ref into another tenant’s $id, no squatting, no reserved ids', async () => {
    const secret = { $id: 'https://victim.example/secret', type: 'object', properties: { level: { type: 'string', enum: ['top-secret-enum-value'] } } }
    const victimTool = await created(bystander.admin, '/tools', { name: 'victim_tool', kind: 'code', code: 'export default () => 1', inputSchema: secret })
    await bystander.admin.http.post(`/tools/${victimTool.id}/test`, { args: { level: 'top-secret-enum-value' } })

    const probe = await attacker.admin.http.post('/tools', {
      name: 'probe_tool',
      kind: 'code',
      code: 'export default () => 1',
      inputSchema: { type: 'object', properties: { x: { $ref: 'https://victim.example/secret#/properties/level' } } }
    })
    expect(probe.status).toBe(400)
    expect(JSON.stringify(probe.body)).not.toContain('top-secret-enum-value')

    const squat = await created(attacker.admin, '/tools', { name: 'squat_tool', kind: 'code', code: 'export default () => 1', inputSchema: { ...secret, properties: { level: { type: 'number' } } } })
    expect(squat.id).toBeDefined()
    const patched = await bystander.admin.http.patch(`/tools/${victimTool.id}`, { inputSchema: { ...secret, properties: { level: { type: 'string', enum: ['a', 'b'] } } } })
    expect(patched.status).toBe(200)
    expect((await bystander.admin.http.post(`/tools/${victimTool.id}/test`, { args: { level: 'a' } })).body).toMatchObject({ ok: true })

    const reserved = await created(
      attacker.admin,
      '/flows',
      flowBody('reserved id', [node('h', 'trigger.webhook', { inputSchema: { $id: 'TenantPatch', type: 'object' } }), node('o', 'flow.output')], [['h', 'o']])
    )
    expect(reserved.id).toBeDefined()
    await fetch(`${server.url}${restPrefix}/hooks/${reserved.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    const tenantPatch = await bystander.admin.http.patch(`/tenants/${bystander.id}`, { maxConcurrentExecutions: 40 })
    expect(tenantPatch.status).toBe(200)
  })

  it('keeps memory flat over 200 saves of a tool with a new 84 KB input schema', async () => {
    const tool = await created(attacker.admin, '/tools', { name: 'big_schema', kind: 'code', code: 'export default () => 1', inputSchema: { type: 'object' } })
    const bigSchema = (round: number) => ({
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`field_${round}_${i}`, { type: 'string', maxLength: 100 + i, description: 'd'.repeat(250) }]))
    })
    expect(JSON.stringify(bigSchema(0)).length).toBeGreaterThan(84_000)
    const before = process.memoryUsage().rss
    for (let round = 0; round < 200; round++) {
      const response = await attacker.admin.http.patch(`/tools/${tool.id}`, { inputSchema: bigSchema(round) })
      expect(response.status).toBe(200)
    }
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024
    // The server compiles none of these schemas itself; its logic workers keep a bounded cache.
    expect(grownMb).toBeLessThan(200)
    expect(server.app.get('logicPool').workerCount).toBeLessThanOrEqual(2)
  })
})

describe('code tools share the sandbox fairly', () => {
  it('one tenant’s long-running tool does not hold up another tenant’s quick one', async () => {
    const loop = await created(attacker.admin, '/tools', { name: 'forever', kind: 'code', code: 'export default () => { for (;;) {} }', limits: { timeoutMs: 3000 } })
    const quick = await created(bystander.admin, '/tools', { name: 'answer', kind: 'code', code: 'export default () => 42' })
    // Warm: the bystander's worker is started and its schema compiled, so what is measured is the wait for a turn.
    expect((await bystander.admin.http.post(`/tools/${quick.id}/test`, { args: {} })).body).toMatchObject({ ok: true, result: 42 })
    const hogs = [attacker.admin.http.post(`/tools/${loop.id}/test`, { args: {} }), attacker.admin.http.post(`/tools/${loop.id}/test`, { args: {} })]
    await new Promise((resolve) => setTimeout(resolve, 300))
    const started = Date.now()
    const answer = await bystander.admin.http.post(`/tools/${quick.id}/test`, { args: {} })
    expect(answer.body).toMatchObject({ ok: true, result: 42 })
    expect(Date.now() - started).toBeLessThan(2000)
    for (const hog of await Promise.all(hogs)) expect(hog.body).toMatchObject({ ok: false, error: expect.stringMatching(/timed out/) })
  })
})

describe('a tenant that keeps exhausting its budget', () => {
  let strict: TestServer
  afterAll(async () => {
    await strict?.close()
  })

  it('is refused with 429 and Retry-After for the rest of the minute, and only that tenant', async () => {
    strict = await startTestServer({ TROUPE_LOGIC_TIMEOUT_MS: '300', TROUPE_LOGIC_MAX_EXHAUSTED_PER_MINUTE: '2', TROUPE_LOGIC_CPU_MS_PER_SECOND: '64000' })
    const [flooder, neighbour] = await Promise.all([signupTenant(strict.url, 'Flooder'), signupTenant(strict.url, 'Neighbour')])
    const schema = { type: 'object', properties: { q: { type: 'string', pattern: '^(a|a)*$' } } }
    const slow = await created(flooder.admin, '/tools', { name: 'slow', kind: 'code', code: 'export default () => 1', inputSchema: schema })
    for (let i = 0; i < 2; i++) expect((await flooder.admin.http.post(`/tools/${slow.id}/test`, { args: { q: catastrophicInput } })).status).toBe(422)
    const refused = await flooder.admin.http.post(`/tools/${slow.id}/test`, { args: { q: 'a' } })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.body.message).toMatch(/ran out of time or memory too often in the last minute/)
    const fine = await created(neighbour.admin, '/tools', { name: 'fine', kind: 'code', code: 'export default () => 1', inputSchema: schema })
    expect((await neighbour.admin.http.post(`/tools/${fine.id}/test`, { args: { q: 'aaa' } })).body).toMatchObject({ ok: true, result: 1 })
  })
})
