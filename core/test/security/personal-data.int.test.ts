import { randomBytes } from 'node:crypto'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { tenantSchemaName as schemaOf } from '../../src/db/tenant-schema.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, socketCall, waitFor } from './hostile.js'

/**
 * A member who ran flows, ran a crew with memory, chatted with an agent and with that crew (whose
 * runs fed the crew's memory) is erased. Afterwards no column of any table of the tenant's schema
 * or of the control schema, and no log store entry, holds their inputs, outputs, email or name;
 * the export taken before held all of it. Crew memory (the tenant's conversations) is read by
 * admins only. Erasing a user whose runs are still going leaves nothing written back, and erasing
 * the tenant leaves nothing of it.
 */

const mark = () => `pdmark${randomBytes(6).toString('hex')}`

let server: TestServer
let knex: Knex
let t: TestTenant
let other: TestTenant
let member: TestUser
let viewer: TestUser
const sockets: TroupeClient[] = []

/** Every text, JSON or search column of every table in `schemas` that holds `needle`, as `schema.table.column`. */
async function columnsHolding(schemas: string[], needle: string): Promise<string[]> {
  const columns = (await knex.raw(
    `select table_schema as schema, table_name as "table", column_name as "column" from information_schema.columns
     where table_schema = any(?) and data_type in ('text', 'character varying', 'jsonb', 'json', 'tsvector')`,
    [schemas]
  )) as { rows: Array<{ schema: string; table: string; column: string }> }
  const found: string[] = []
  for (const { schema, table, column } of columns.rows) {
    const hit = await knex.raw('select 1 from ??.?? where strpos(lower(??::text), lower(?)) > 0 limit 1', [schema, table, column, needle])
    if (hit.rows.length) found.push(`${schema}.${table}.${column}`)
  }
  return found
}

/** The answer of a chat message, once it is complete. */
async function answerOf(user: TestUser, sessionId: string) {
  return waitFor(async () => {
    const page = await user.http.get(`/chat-messages?sessionId=${sessionId}&role=assistant&status=complete`)
    return page.body.data?.[0] as { content: string; executionId: string } | undefined
  }, 20_000)
}

/** A crew with long-term memory whose one task carries the run's message. */
async function memoryCrew(admin: TestUser, name: string, providerId?: string) {
  const agent = await created(admin, '/agents', { name: `${name} agent`, role: 'Archivist', goal: 'Remember', ...(providerId ? { providerId } : {}) })
  const crew = await created(admin, '/crews', {
    name,
    process: 'sequential',
    agentIds: [agent.id],
    memory: true,
    tasks: [{ id: 'note', description: 'Note this: {message}', expectedOutput: 'The note' }]
  })
  return { agent, crew }
}

beforeAll(async () => {
  server = await startTestServer()
  knex = server.app.get('knex')
  ;[t, other] = await Promise.all([signupTenant(server.url, 'Personal'), signupTenant(server.url, 'Bystander')])
  member = await t.addUser('member')
  viewer = await t.addUser('viewer')
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

describe('erasing a member who ran flows, crews and chats', () => {
  const secret = mark()
  const memberName = `Erasable ${mark()}`
  const adminNote = mark()
  let crewId: string
  let memberRuns: string[] = []
  let exported: any

  beforeAll(async () => {
    expect((await t.admin.http.patch(`/users/${member.id}`, { name: memberName })).status).toBe(200)
    const { crew, agent } = await memoryCrew(t.admin, 'Keeper')
    crewId = crew.id
    // The admin's own run first: later runs recall its memory, never the other way round.
    const adminRun = await created(t.admin, '/executions', { crewId, input: { message: adminNote } })
    expect((await waitForExecution(t.admin.http.get, adminRun.id)).status).toBe('succeeded')

    const flow = await created(
      t.admin,
      '/flows',
      flowBody('personal', [node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'Tell me about {{ input.note }}' }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']])
    )
    const flowRun = await created(member, '/executions', { flowId: flow.id, input: { note: secret } })
    const crewRun = await created(member, '/executions', { crewId, input: { message: `crew ${secret}` } })
    for (const run of [flowRun, crewRun]) expect((await waitForExecution(member.http.get, run.id)).status).toBe('succeeded')

    const agentChat = await created(member, '/chat-sessions', { agentId: agent.id, title: `about ${secret}` })
    await created(member, '/chat-messages', { sessionId: agentChat.id, content: `agent ${secret}` })
    const crewChat = await created(member, '/chat-sessions', { crewId })
    await created(member, '/chat-messages', { sessionId: crewChat.id, content: `chat ${secret}` })
    const answers = [await answerOf(member, agentChat.id), await answerOf(member, crewChat.id)]
    for (const answer of answers) expect(answer.content).toContain(secret)
    memberRuns = [flowRun.id, crewRun.id, ...answers.map((answer) => answer.executionId)]
    for (const run of memberRuns) await waitForExecution(t.admin.http.get, run)
  })

  it('shows the crew memory to admins only, over REST and Socket.IO, with keys too', async () => {
    const asAdmin = await t.admin.http.get(`/crew-memories?crewId=${crewId}&$limit=50`)
    expect(asAdmin.status).toBe(200)
    const summaries = (asAdmin.body as Array<{ summary: string; executionId: string }>).map((memory) => memory.summary).join('\n')
    expect(summaries).toContain(secret)
    expect(summaries).toContain(adminNote)
    expect((asAdmin.body as Array<{ executionId: string }>).map((memory) => memory.executionId)).toEqual(expect.arrayContaining(memberRuns.slice(1, 2)))

    for (const reader of [member, viewer]) {
      const response = await reader.http.get(`/crew-memories?crewId=${crewId}`)
      expect(response.status, reader.role).toBe(403)
      expect(JSON.stringify(response.body)).not.toContain(secret)
      const socket = await connectSocket(server.url, reader.accessToken)
      sockets.push(socket)
      expect((await socketCall(socket, 'find', 'crew-memories', undefined, undefined, { crewId })).status, reader.role).toBe(403)
      const key = (await created(reader, '/api-keys', { name: `memories ${reader.role}` })).key
      expect((await httpClient(server.url, key).get('/crew-memories')).status, `${reader.role} key`).toBe(403)
    }
    expect((await other.admin.http.get(`/crew-memories?crewId=${crewId}`)).body).toEqual([])
  })

  it('exports, before the erasure, everything the erasure removes', async () => {
    const response = await t.admin.http.post('/gdpr/export', { scope: 'user', userId: member.id })
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(201)
    exported = response.body.data
    expect(exported.profile).toMatchObject({ id: member.id, email: member.email, name: memberName })
    expect(exported.executions.map((run: { id: string }) => run.id)).toEqual(expect.arrayContaining(memberRuns))
    const nodeRuns = exported.executionNodes as Array<{ executionId: string; nodeId: string; input: unknown; output: unknown }>
    const asked = nodeRuns.find((state) => state.executionId === memberRuns[0] && state.nodeId === 'ask')
    expect(JSON.stringify(asked?.input)).toContain(secret)
    expect(JSON.stringify(asked?.output)).toContain(secret)
    expect(JSON.stringify(exported.executionEvents)).toContain(secret)
    const memories = exported.crewMemories as Array<{ executionId: string; summary: string }>
    expect(memories.map((memory) => memory.executionId).sort()).toEqual([memberRuns[1], memberRuns[3]].sort())
    expect(memories.every((memory) => memory.summary.includes(secret))).toBe(true)
    expect(JSON.stringify(exported.chat)).toContain(secret)
    expect(JSON.stringify(exported.crewMemories)).not.toContain(adminNote)
  })

  it('leaves no column of the tenant or control schema, and no log entry, holding their data', async () => {
    const before = await columnsHolding([schemaOf(t.id), 'public'], secret)
    expect(before).toEqual(expect.arrayContaining([`${schemaOf(t.id)}.execution_nodes.input`, `${schemaOf(t.id)}.crew_memories.summary`]))

    const erased = await t.admin.http.post('/gdpr/erase', { userId: member.id })
    expect(erased.status, JSON.stringify(erased.body)).toBe(201)

    for (const needle of [secret, member.email, memberName]) {
      expect(await columnsHolding([schemaOf(t.id), 'public'], needle), needle).toEqual([])
    }
    expect(await server.app.get('logStore').executionEvents.ofExecutions(t.id, memberRuns)).toEqual([])
    // The runs stay the tenant's records (statuses, node states, costs), about nobody.
    const runs = await knex('executions').withSchema(schemaOf(t.id)).whereIn('id', memberRuns)
    expect(runs.map((run) => [run.startedBy, run.input, run.output, run.status])).toEqual(memberRuns.map(() => [null, null, null, 'succeeded']))
    const nodeStates = await knex('executionNodes').withSchema(schemaOf(t.id)).whereIn('executionId', memberRuns)
    expect(nodeStates.length).toBeGreaterThan(memberRuns.length)
    expect(nodeStates.every((state) => state.input === null && state.output === null && state.status === 'succeeded')).toBe(true)
    // Other people's data stays: the admin's memory of the crew, the other tenant.
    const kept = await t.admin.http.get(`/crew-memories?crewId=${crewId}&$limit=50`)
    expect((kept.body as Array<{ summary: string }>).map((memory) => memory.summary)).toEqual([expect.stringContaining(adminNote)])
    expect((await other.admin.http.get('/users')).body.total).toBe(1)
    expect(JSON.stringify(exported)).toContain(secret)
  })
})

describe('erasing a member while their runs are still going', () => {
  it('stops and fences the runs: nothing is written back after the erasure', async () => {
    const secret = mark()
    const talker = await t.addUser('member')
    const slow = await created(t.admin, '/llm-providers', { name: `slow ${secret.slice(-6)}`, kind: 'scripted', priority: 500, options: { tokenDelayMs: 25 } })
    const { crew, agent } = await memoryCrew(t.admin, `Slow keeper ${secret.slice(-6)}`, slow.id)
    const crewRun = await created(talker, '/executions', { crewId: crew.id, input: { message: `${secret} ${'and on '.repeat(40)}` } })
    const session = await created(talker, '/chat-sessions', { agentId: agent.id })
    await created(talker, '/chat-messages', { sessionId: session.id, content: `${secret} ${'tell me more '.repeat(40)}` })
    const answer = await waitFor(async () => (await t.admin.http.get(`/chat-messages?sessionId=${session.id}&role=assistant`)).body.data?.[0] as { executionId: string } | undefined)
    await waitFor(async () => ((await t.admin.http.get(`/execution-events?executionId=${crewRun.id}&type=token&$limit=1`)).body.total > 0 ? true : undefined))

    const erased = await t.admin.http.post('/gdpr/erase', { userId: talker.id })
    expect(erased.status, JSON.stringify(erased.body)).toBe(201)
    for (const run of [crewRun.id, answer.executionId]) expect((await knex('executions').withSchema(schemaOf(t.id)).where({ id: run }).first()).status).toBe('cancelled')
    // Long enough for a run that went on to stream a few more tokens and store its progress.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(await columnsHolding([schemaOf(t.id), 'public'], secret)).toEqual([])
    expect(await columnsHolding([schemaOf(t.id), 'public'], talker.email)).toEqual([])
    expect(await server.app.get('logStore').executionEvents.ofExecutions(t.id, [crewRun.id, answer.executionId])).toEqual([])
  })
})

describe('erasing the whole tenant', () => {
  it('leaves nothing of it in the database or the log store, and other tenants whole', async () => {
    const doomed = await signupTenant(server.url, `Doomed ${mark()}`)
    const secret = mark()
    const person = await doomed.addUser('member')
    const { crew } = await memoryCrew(doomed.admin, 'Doomed keeper')
    const run = await created(person, '/executions', { crewId: crew.id, input: { message: secret } })
    await waitForExecution(person.http.get, run.id)
    await created(person, '/api-keys', { name: 'doomed key' })
    const tenantName = (await doomed.admin.http.get(`/tenants/${doomed.id}`)).body.name as string

    expect((await doomed.admin.http.post('/gdpr/erase', { scope: 'tenant' })).status).toBe(201)

    const schemas = await knex.raw('select 1 from information_schema.schemata where schema_name = ?', [schemaOf(doomed.id)])
    expect(schemas.rows).toEqual([])
    for (const needle of [secret, person.email, doomed.admin.email, tenantName]) {
      expect(await columnsHolding(['public'], needle), needle).toEqual([])
    }
    for (const table of ['tenants', 'users', 'apiKeys', 'webhookRoutes']) {
      expect(await knex(table).withSchema('public').where(table === 'tenants' ? { id: doomed.id } : { tenantId: doomed.id }), table).toEqual([])
    }
    expect((await other.admin.http.get('/flows')).status).toBe(200)
  })
})
