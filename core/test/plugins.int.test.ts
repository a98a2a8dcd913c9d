import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'
import { waitForExecution } from './flows-graph.js'
import { waitFor } from './security/hostile.js'

const examplePlugin = './plugins/example-text/src/index.ts'
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: examplePlugin })
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

describe('plugin host', () => {
  it('lists the built-in plugins and the example loaded from outside core/', async () => {
    const viewer = await tenant.addUser('viewer')
    const response = await viewer.http.get('/plugins')
    expect(response.status).toBe(200)
    const ids = response.body.data.map((plugin: { id: string }) => plugin.id)
    expect(ids).toEqual(['nodes-core', 'llm-scripted', 'llm-openai', 'llm-anthropic', 'llm-gemini', 'llm-azure-openai', 'llm-mistral', 'llm-ollama', 'llm-bedrock', 'sandbox-isolate', 'sandbox-docker', 'tool-http', 'tool-mcp', 'crew', 'mcp-server', 'flow-control', 'store-mongodb', 'example-text'])
    expect((await viewer.http.get('/plugins/store-mongodb')).body.contributes.logStores).toEqual(['mongodb'])
    const example = await viewer.http.get('/plugins/example-text')
    expect(example.body.contributes.nodeTypes).toEqual(['text.change-case', 'text.stats'])
    expect((await viewer.http.get('/plugins/nope')).status).toBe(404)
  })

  it('serves node types with their params schema, ports and category', async () => {
    const response = await tenant.admin.http.get('/node-types/text.change-case')
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      type: 'text.change-case',
      category: 'Data',
      plugin: 'example-text',
      inputs: [{ name: 'main' }],
      outputs: [{ name: 'main' }],
      trigger: false
    })
    expect(response.body.params.properties.mode.enum).toContain('kebab')
    const filtered = await tenant.admin.http.get('/node-types?plugin=example-text')
    expect(filtered.body.data.map((nodeType: { type: string }) => nodeType.type)).toEqual(['text.change-case', 'text.stats'])
    expect((await tenant.admin.http.get('/node-types?color=red')).status).toBe(400)
  })

  it('is read-only', async () => {
    expect((await tenant.admin.http.post('/plugins', { id: 'x' })).status).toBe(405)
    expect((await tenant.admin.http.delete('/node-types/text.stats')).status).toBe(405)
  })
})

describe('a broken plugin stops the start', () => {
  const cli = path.resolve(import.meta.dirname, '../bin/troupe.mjs')
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-plugins-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  const start = (plugins: string, disabled = '', extraEnv: Record<string, string> = {}) =>
    promisify(execFile)(process.execPath, [cli, 'start'], {
      env: { ...process.env, DATABASE_URL: '', TROUPE_DATA_DIR: dataDir, TROUPE_PLUGINS: plugins, TROUPE_DISABLE_PLUGINS: disabled, PORT: '0', ...extraEnv },
      timeout: 60_000
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error
    )

  it.each([
    ['a duplicate id', `${examplePlugin},${examplePlugin}`, /Plugin "example-text": id is already taken/],
    ['a wrong apiVersion', './core/test/fixtures/plugins/wrong-api-version.ts', /Plugin "from-the-future": targets plugin API \^9.0.0, but this host offers 2.0.0/],
    ['a node type without a params schema', './core/test/fixtures/plugins/node-without-schema.ts', /Plugin "schemaless": node type "schemaless.node" needs params as a JSON Schema/],
    ['a trigger type for no node type', './core/test/fixtures/plugins/trigger-without-node.ts', /Plugin "orphan-trigger": trigger type "orphan.tick" serves no node type any loaded plugin contributes/],
    ['something that is not a plugin', './core/test/fixtures/plugins/not-a-plugin.ts', /is not the result of definePlugin/],
    ['a package that does not exist', '@troupe/plugin-that-does-not-exist', /Plugin "@troupe\/plugin-that-does-not-exist": cannot be loaded/]
  ])('%s', async (_case, plugins, message) => {
    const result = await start(plugins)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
  })

  it.each([
    ['a number that is no number', 'abc', /Invalid configuration: TROUPE_TICKER_MIN_INTERVAL_SECONDS must be a number, not "abc"/],
    ['a number out of range', '0', /Invalid configuration: TROUPE_TICKER_MIN_INTERVAL_SECONDS must be >= 1 \(a setting of plugin "ticker"\)/]
  ])("a plugin's setting that does not fit its schema: %s", async (_case, value, message) => {
    const result = await start('./docs/examples/plugin-ticker/src/index.ts', '', { TROUPE_TICKER_MIN_INTERVAL_SECONDS: value })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
  })

  it.each([
    ['CPUs that are no number, by the older name', { TROUPE_SANDBOX_CPUS: 'lots' }, /Invalid configuration: TROUPE_SANDBOX_CPUS must be a number, not "lots"/],
    ['no CPUs at all', { TROUPE_SANDBOX_DOCKER_CPUS: '0' }, /Invalid configuration: TROUPE_SANDBOX_DOCKER_CPUS must be > 0 \(a setting of plugin "sandbox-docker"\)/],
    ['a blank image', { TROUPE_SANDBOX_IMAGE: '   ' }, /Invalid configuration: TROUPE_SANDBOX_IMAGE must match pattern/]
  ])("the Docker sandbox's settings, read once at start: %s", async (_case, env, message) => {
    const result = await start('', '', env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
  })

  it.each([
    ['a built-in the core depends on', 'nodes-core', '', /TROUPE_DISABLE_PLUGINS switches off plugin "nodes-core", which the core depends on/],
    ['an id that is no built-in plugin', 'crew,no-such-plugin', '', /TROUPE_DISABLE_PLUGINS names "no-such-plugin", which is not a built-in plugin \(built-in: nodes-core, llm-scripted/],
    ['a plugin another one depends on', 'mcp-server', './core/test/fixtures/plugins/needs-mcp.ts', /Plugin "needs-mcp": depends on plugin "mcp-server", which TROUPE_DISABLE_PLUGINS switches off/]
  ])('switching off %s', async (_case, disabled, plugins, message) => {
    const result = await start(plugins, disabled)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
  })
})

describe('built-in plugins switched off', () => {
  let trimmed: TestServer
  beforeAll(async () => {
    trimmed = await startTestServer({ TROUPE_DISABLE_PLUGINS: 'mcp-server, sandbox-docker,store-mongodb,tool-http,tool-mcp', TROUPE_PLUGINS: './core/test/fixtures/plugins/waits.ts' })
  })
  afterAll(() => trimmed?.close())

  it('are not loaded: not listed, their node types, runtimes and routes gone', async () => {
    const owner = await signupTenant(trimmed.url)
    const ids = (await owner.admin.http.get('/plugins')).body.data.map((plugin: { id: string }) => plugin.id)
    expect(ids).toEqual(['nodes-core', 'llm-scripted', 'llm-openai', 'llm-anthropic', 'llm-gemini', 'llm-azure-openai', 'llm-mistral', 'llm-ollama', 'llm-bedrock', 'sandbox-isolate', 'crew', 'flow-control', 'test-waits'])
    expect((await fetch(`${trimmed.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404)
    expect((await owner.admin.http.get('/agents')).status).toBe(200)
  })

  it('without tool-http and tool-mcp, http and mcp tools are refused naming the kind, and MCP discovery is gone', async () => {
    const owner = await signupTenant(trimmed.url)
    for (const body of [
      { name: 'api', kind: 'http', http: { method: 'GET', url: 'https://api.example.com/' } },
      { name: 'remote', kind: 'mcp', mcp: { serverUrl: 'https://mcp.example.com/mcp', toolName: 'add' } }
    ]) {
      const refused = await owner.admin.http.post('/tools', body)
      expect(refused.status).toBe(400)
      expect(refused.body.data).toContainEqual({ field: 'kind', message: 'must be one of the loaded tool kinds: code' })
    }
    expect((await owner.admin.http.post('/mcp-discovery', { serverUrl: 'https://mcp.example.com/mcp' })).status).toBe(404)
    expect((await owner.admin.http.get('/tools')).body.data).toEqual([])
  })
})
describe("plugins' execution lifecycle handlers (plugin API 1.5)", () => {
  let recorded: TestServer
  const logLines: string[] = []
  beforeAll(async () => {
    recorded = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/lifecycle-recorder.ts' }, { logLines })
  })
  afterAll(() => recorded?.close())

  it('hear starts and ends with the tenant, and a handler that throws or rejects disturbs nothing', async () => {
    const owner = await signupTenant(recorded.url)
    const flow = await owner.admin.http.post('/flows', { name: 'watched', nodes: [{ id: 'in', type: 'trigger.manual', params: {} }, { id: 'out', type: 'flow.output', params: {} }], edges: [{ id: 'e', source: 'in', target: 'out' }] })
    const execution = await owner.admin.http.post('/executions', { flowId: flow.body.id, input: { n: 1 } })
    const done = await waitForExecution(owner.admin.http.get, execution.body.id)
    expect(done.status).toBe('succeeded')
    const seen = await waitFor(async () => {
      const { body } = await owner.admin.http.get('/test-lifecycle')
      return body.some((event: { stage: string; executionId: string }) => event.stage === 'finish' && event.executionId === execution.body.id) ? body : undefined
    })
    expect(seen.filter((event: { executionId: string }) => event.executionId === execution.body.id)).toEqual([
      { stage: 'start', executionId: execution.body.id, tenantId: owner.id, resumed: false },
      { stage: 'finish', executionId: execution.body.id, tenantId: owner.id, status: 'succeeded' }
    ])
    await waitFor(() => (logLines.some((line) => line.includes('a rejecting handler') && line.includes('lifecycle-recorder')) ? true : undefined))
    expect(logLines.some((line) => line.includes('a broken handler') && line.includes('lifecycle-recorder'))).toBe(true)
  })
})
