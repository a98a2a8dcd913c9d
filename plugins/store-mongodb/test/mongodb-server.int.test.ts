import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MongoClient } from 'mongodb'
import { flowBody, node, waitForExecution } from '../../../core/test/flows-graph.js'
import { signupTenant, type TestTenant } from '../../../core/test/tenants.js'
import { startTestServer, type TestServer } from '../../../core/test/test-server.js'
import { tenantSchemaName } from '../../../core/src/db/tenant-schema.js'
import { tenantPrefix } from '../src/tenant-collections.js'
import { freshMongoDatabase, noMongoDb } from './mongodb-test-database.js'

// The real server started with MONGODB_URL: execution events and chat messages go to MongoDB
// (one collection per tenant), everything else stays in PostgreSQL. Skipped, with the reason in
// its name, when no MongoDB server is named (none runs on the project's own machines).

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.skipIf(Boolean(noMongoDb))(noMongoDb ? `server with MONGODB_URL (skipped: ${noMongoDb})` : 'server with MONGODB_URL', () => {
  let database: ReturnType<typeof freshMongoDatabase>
  let mongo: MongoClient
  let server: TestServer
  let tenant: TestTenant

  const collections = async (tenantId: string) =>
    (await mongo.db().listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name).filter((name) => name.startsWith(tenantPrefix(tenantId))).sort()
  const inPostgres = async (table: string) => Number((await server.app.get('knex')(table).withSchema(tenantSchemaName(tenant.id)).count({ n: '*' }).first())?.n)

  beforeAll(async () => {
    database = freshMongoDatabase()
    mongo = await new MongoClient(database.url, { serverSelectionTimeoutMS: 5_000 }).connect()
    server = await startTestServer({ MONGODB_URL: database.url })
    tenant = await signupTenant(server.url)
  })
  afterAll(async () => {
    await server?.close()
    await mongo?.close()
    await database?.drop()
  })

  it('stores the events of an execution in MongoDB and serves them over REST and SSE', async () => {
    const flow = await tenant.admin.http.post('/flows', flowBody('mongo', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const started = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: { n: 1 } })
    expect(await waitForExecution(tenant.admin.http.get, started.body.id)).toMatchObject({ status: 'succeeded', output: { n: 1 } })

    const page = await tenant.admin.http.get(`/execution-events?executionId=${started.body.id}`)
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    const types = page.body.data.map((event: { type: string }) => event.type)
    expect(types[0]).toBe('execution.started')
    expect(types.at(-1)).toBe('execution.completed')
    expect(page.body.data.map((event: { seq: number }) => event.seq)).toEqual(types.map((_: string, index: number) => index + 1))
    expect(Object.keys(page.body.data[0]).sort()).toEqual(['createdAt', 'data', 'executionId', 'nodeId', 'seq', 'type'])

    const response = await fetch(`${server.url}/api/v1/executions/${started.body.id}/events`, { headers: { authorization: `Bearer ${tenant.admin.accessToken}` } })
    const frames = (await response.text()).trim().split('\n\n')
    expect(frames.map((frame) => Number(/^id: (\d+)$/m.exec(frame)?.[1]))).toEqual(types.map((_: string, index: number) => index + 1))

    expect(await collections(tenant.id)).toContain(`${tenantPrefix(tenant.id)}execution_events`)
    expect(await inPostgres('executionEvents')).toBe(0)
  })

  it('keeps chat messages in MongoDB: sent, answered, listed, and removed with their session', async () => {
    const agent = await tenant.admin.http.post('/agents', { name: 'Echo', role: 'Echo', goal: 'Echo' })
    const session = await tenant.admin.http.post('/chat-sessions', { agentId: agent.body.id })
    const sent = await tenant.admin.http.post('/chat-messages', { sessionId: session.body.id, content: 'Hello Mongo' })
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    expect(sent.body).toMatchObject({ role: 'user', content: 'Hello Mongo', status: 'complete', executionId: null, error: null })
    const answered = await waitFor(async () => {
      const listed = await tenant.admin.http.get(`/chat-messages?sessionId=${session.body.id}&$sort[createdAt]=1`)
      return listed.body.data[1]?.status === 'complete' ? listed.body : undefined
    })
    expect(answered.total).toBe(2)
    expect(answered.data[1]).toMatchObject({ role: 'assistant', content: expect.stringMatching(/^echo: .*Hello Mongo/s) })
    expect((await tenant.admin.http.get(`/chat-messages/${sent.body.id}`)).body).toMatchObject({ id: sent.body.id, content: 'Hello Mongo' })
    expect(await inPostgres('chatMessages')).toBe(0)

    expect((await tenant.admin.http.delete(`/chat-sessions/${session.body.id}`)).status).toBe(200)
    expect(await mongo.db().collection(`${tenantPrefix(tenant.id)}chat_messages`).countDocuments({ sessionId: session.body.id })).toBe(0)
  })

  it("erases a user's chat and run events, and a whole tenant's collections", async () => {
    const member = await tenant.addUser('member')
    const flow = await tenant.admin.http.post('/flows', flowBody('personal', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const run = await member.http.post('/executions', { flowId: flow.body.id, input: { secret: 'private note' } })
    await waitForExecution(member.http.get, run.body.id)
    const agent = await tenant.admin.http.post('/agents', { name: 'Confidant', role: 'Echo', goal: 'Echo' })
    const session = await member.http.post('/chat-sessions', { agentId: agent.body.id })
    expect(session.status, JSON.stringify(session.body)).toBe(201)
    await member.http.post('/chat-messages', { sessionId: session.body.id, content: 'my private question' })
    const exported = await member.http.post('/gdpr/export', { scope: 'user' })
    expect(exported.body.data.executionEvents.map((event: { executionId: string }) => event.executionId)).toContain(run.body.id)
    expect(exported.body.data.chat[0].messages[0]).toMatchObject({ content: 'my private question' })

    expect((await tenant.admin.http.post('/gdpr/erase', { userId: member.id })).status).toBe(201)
    const events = mongo.db().collection(`${tenantPrefix(tenant.id)}execution_events`)
    expect(await events.countDocuments({ executionId: run.body.id })).toBe(0)
    expect(await mongo.db().collection(`${tenantPrefix(tenant.id)}chat_messages`).countDocuments({ sessionId: session.body.id })).toBe(0)

    const other = await signupTenant(server.url)
    const otherFlow = await other.admin.http.post('/flows', flowBody('kept', [node('in', 'trigger.manual')]))
    await waitForExecution(other.admin.http.get, (await other.admin.http.post('/executions', { flowId: otherFlow.body.id })).body.id)
    expect((await tenant.admin.http.post('/gdpr/erase', { scope: 'tenant' })).status).toBe(201)
    expect(await collections(tenant.id)).toEqual([])
    expect(await collections(other.id)).toEqual([`${tenantPrefix(other.id)}execution_events`])
  })
})
