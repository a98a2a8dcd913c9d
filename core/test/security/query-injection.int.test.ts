import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, socketCall, waitFor } from './hostile.js'

/**
 * Hostile `find` queries against every service that lists records: unknown operators, raw SQL in
 * `$sort` and `$select`, hidden columns, nesting, bad paging, and `$or`/`$and` that try to widen
 * what the caller may see. Each is a 400 (never a 500) or answers only the caller's own rows.
 */

let server: TestServer
let a: TestTenant
let b: TestTenant
let member: TestUser
let memberSocket: TroupeClient
let adminSocket: TroupeClient
const mine: Record<string, string> = {}
const theirs: Record<string, string> = {}

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  member = await a.addUser('member')
  const flow = await created(a.admin, '/flows', flowBody('listed', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
  mine.flow = flow.id
  const run = await created(a.admin, '/executions', { flowId: flow.id, input: {} })
  await waitForExecution(a.admin.http.get, run.id)
  await created(a.admin, '/tools', { name: 'listed', kind: 'code', code: 'export default () => 1' })
  mine.agent = (await created(a.admin, '/agents', { name: 'listed', role: 'r', goal: 'g' })).id
  await created(a.admin, '/crews', { name: 'listed', process: 'sequential', agentIds: [mine.agent], tasks: [{ id: 't', description: 'd', expectedOutput: 'e' }] })
  mine.adminSession = (await created(a.admin, '/chat-sessions', { flowId: flow.id })).id
  await created(a.admin, '/chat-messages', { sessionId: mine.adminSession, content: 'admin only' })
  await waitFor(async () => ((await a.admin.http.get(`/chat-messages?sessionId=${mine.adminSession}&role=assistant`)).body.total ? true : undefined))
  mine.adminKey = (await created(a.admin, '/api-keys', { name: 'admin key' })).id
  mine.memberKey = (await created(member, '/api-keys', { name: 'member key' })).id
  mine.memberSession = (await created(member, '/chat-sessions', { flowId: flow.id })).id
  theirs.flow = (await created(b.admin, '/flows', { name: 'listed' })).id
  theirs.user = b.admin.id
  ;[memberSocket, adminSocket] = await Promise.all([connectSocket(server.url, member.accessToken), connectSocket(server.url, a.admin.accessToken)])
})
afterAll(async () => {
  memberSocket?.close()
  adminSocket?.close()
  await server?.close()
})

interface Lister {
  path: string
  /** A string field the service lets clients filter and sort by. */
  field: string
  /** Columns a client must never select, sort or filter by. */
  hidden: string[]
}

const listers: Lister[] = [
  { path: 'users', field: 'name', hidden: ['passwordHash', 'password_hash', 'password', 'tenantId'] },
  { path: 'api-keys', field: 'name', hidden: ['keyHash', 'key_hash', 'key', 'tenantId'] },
  { path: 'flows', field: 'name', hidden: ['webhookSecret', 'tenantId', 'nodes'] },
  { path: 'executions', field: 'trigger', hidden: ['runnerId', 'leaseUntil', 'input', 'output'] },
  { path: 'execution-events', field: 'type', hidden: ['data'] },
  { path: 'tools', field: 'name', hidden: ['secretsCiphertext', 'secrets_ciphertext', 'secrets', 'code'] },
  { path: 'llm-providers', field: 'name', hidden: ['apiKeyCiphertext', 'api_key_ciphertext', 'apiKey'] },
  { path: 'agents', field: 'name', hidden: ['backstory', 'tenantId'] },
  { path: 'crews', field: 'name', hidden: ['tasks', 'tenantId'] },
  { path: 'chat-sessions', field: 'title', hidden: ['tenantId'] },
  { path: 'chat-messages', field: 'role', hidden: ['content', 'error'] },
  { path: 'audit-logs', field: 'action', hidden: ['details', 'ip', 'error'] }
]

/** Query strings that must be refused whatever the service; `f` is a filterable field. */
const hostileQueries: Array<[string, (f: string) => string]> = [
  ['$regex', (f) => `${f}[$regex]=.*`],
  ['$where on a field', (f) => `${f}[$where]=1`],
  ['$where at the top', () => '$where=1%3D1'],
  ['$like', (f) => `${f}[$like]=%25`],
  ['$ilike', (f) => `${f}[$ilike]=%25`],
  ['$exists', (f) => `${f}[$exists]=true`],
  ['$elemMatch', (f) => `${f}[$elemMatch][x]=1`],
  ['$expr', () => '$expr[$eq]=1'],
  ['$text', () => '$text[$search]=x'],
  ['$populate', () => '$populate=tenant'],
  ['$eager', () => '$eager=tenant'],
  ['$joinRelation', () => '$joinRelation=tenant'],
  ['$modify', () => '$modify=x'],
  ['raw SQL as a $sort key', (f) => `$sort[${f}%3B%20drop%20table%20users--]=1`],
  ['a subquery as a $sort key', () => '$sort[(select%201)]=1'],
  ['raw SQL as a $sort direction', (f) => `$sort[${f}]=1%20desc%2C%20(select%201)`],
  ['an object as a $sort direction', (f) => `$sort[${f}][$gt]=1`],
  ['* in $select', () => '$select[]=*'],
  ['raw SQL in $select', (f) => `$select[]=${f}%2C(select%201)`],
  ['a negative $limit', () => '$limit=-1'],
  ['a text $limit', () => '$limit=all'],
  ['an object $limit', () => '$limit[$gt]=1'],
  ['a negative $skip', () => '$skip=-1'],
  ['nested objects in a filter', (f) => `${f}[a][b][c]=1`],
  ['an operator inside an operator', (f) => `${f}[$gt][$gt]=1`],
  ['$where inside $in', (f) => `${f}[$in][$where]=1`],
  ['$or nested in $or', (f) => `$or[0][$or][0][${f}]=x`],
  ['$and nested in $or', (f) => `$or[0][$and][0][${f}]=x`],
  ['$or that is not a list of objects', () => '$or=1'],
  ['an unknown field', () => 'nonexistent=1']
]

const hiddenQueries: Array<[string, (h: string) => string]> = [
  ['$select', (h) => `$select[]=${h}`],
  ['$sort', (h) => `$sort[${h}]=1`],
  ['a filter', (h) => `${h}=x`],
  ['an operator filter', (h) => `${h}[$ne]=x`],
  ['$or', (h) => `$or[0][${h}]=x`],
  ['$and', (h) => `$and[0][${h}][$gt]=a`]
]

describe.each(listers)('$path', ({ path, field, hidden }) => {
  it.each(hostileQueries)('refuses %s with a 400', async (_case, query) => {
    const response = await a.admin.http.get(`/${path}?${query(field)}`)
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(response.body.name).toBe('BadRequest')
  })

  it.each(hiddenQueries)('refuses every hidden column in %s with a 400', async (_case, query) => {
    for (const column of hidden) {
      const response = await a.admin.http.get(`/${path}?${query(column)}`)
      expect(response.status, `${column}: ${JSON.stringify(response.body)}`).toBe(400)
    }
  })

  it('refuses structured injection over Socket.IO with a 400', async () => {
    const queries: Array<Record<string, unknown>> = [
      { [field]: { $regex: '.*' } },
      { $where: 'true' },
      { [field]: { $in: { $where: 'true' } } },
      { [field]: { $ne: { $gt: '' } } },
      { $sort: { [`${field} desc, (select 1)`]: 1 } },
      { $sort: { [field]: 'desc' } },
      { $select: ['*'] },
      { $limit: -5 },
      { $limit: '10; drop table users' },
      { $skip: -1 },
      { $or: { [field]: 'x' } },
      ...hidden.flatMap((column) => [{ $select: [column] }, { [column]: { $ne: null } }, { $sort: { [column]: 1 } }])
    ]
    for (const query of queries) {
      const outcome = await socketCall(adminSocket, 'find', path, undefined, undefined, query)
      expect(outcome.status, `${JSON.stringify(query)}: ${JSON.stringify(outcome.body)}`).toBe(400)
    }
  })

  it('caps a huge $limit and treats ids that are not UUIDs as not found', async () => {
    for (const limit of ['1000000', '1e999']) {
      const page = await a.admin.http.get(`/${path}?$limit=${limit}`)
      expect(page.status).toBe(200)
      // Capped at the service's page maximum (100 for most, more for event and audit logs).
      expect(page.body.limit).toBeLessThanOrEqual(1000)
      expect(page.body.data.length).toBeLessThanOrEqual(page.body.limit)
    }
    const overSocket = await socketCall(adminSocket, 'find', path, undefined, undefined, { $limit: 1e9 })
    expect(overSocket.body.limit).toBeLessThanOrEqual(1000)
    for (const id of ["1' or '1'='1", '1;select pg_sleep(5)', '00000000-0000-4000-8000-00000000000x']) {
      const response = await a.admin.http.get(`/${path}/${encodeURIComponent(id)}`)
      expect([404, 405]).toContain(response.status)
    }
  })
})

describe('crew-memories (a find with its own query handling)', () => {
  it('answers malformed values with 400 and caps the page', async () => {
    for (const query of ['crewId[$ne]=x', 'crewId=not-a-uuid', `crewId[$in][]=${mine.agent}`]) {
      const response = await a.admin.http.get(`/crew-memories?${query}`)
      expect(response.status, query).toBe(400)
    }
    for (const search of ["a'|!:*()&", '\\', '!!!', "'; drop table crews --"]) {
      const response = await a.admin.http.get(`/crew-memories?$search=${encodeURIComponent(search)}`)
      expect(response.status, search).toBe(200)
    }
    const page = await a.admin.http.get('/crew-memories?$limit=1000000')
    expect(page.status).toBe(200)
  })

  it('refuses unknown operators and fields like every other service', async () => {
    const statuses = []
    for (const [, query] of hostileQueries) statuses.push((await a.admin.http.get(`/crew-memories?${query('crewId')}`)).status)
    expect(statuses.every((status) => status === 400), JSON.stringify(statuses)).toBe(true)
  })
})

describe('$or and $and never widen what the caller may see', () => {
  const ids = (body: { data?: Array<{ id: string }> }) => (body.data ?? []).map((row) => row.id)

  it('a member sees only itself among users, whatever it ORs in', async () => {
    for (const query of [`$or[0][id]=${a.admin.id}&$or[1][id]=${member.id}`, `$or[0][role]=admin`, `$or[0][id][$ne]=${member.id}`, `$and[0][role]=admin`, `id=${a.admin.id}`]) {
      const page = await member.http.get(`/users?${query}`)
      expect(page.status, query).toBe(200)
      expect(ids(page.body).filter((id) => id !== member.id), query).toEqual([])
    }
    const overSocket = await socketCall(memberSocket, 'find', 'users', undefined, undefined, { $or: [{ id: a.admin.id }, { id: { $ne: '00000000-0000-4000-8000-000000000000' } }] })
    expect(overSocket.status).toBe(200)
    expect(ids(overSocket.body)).toEqual([member.id])
  })

  it('a member sees only its own API keys and chat sessions and messages', async () => {
    for (const [path, query] of [
      ['api-keys', `$or[0][userId]=${a.admin.id}`],
      ['api-keys', `$or[0][id]=${mine.adminKey}&$or[1][id]=${mine.memberKey}`],
      ['api-keys', `userId[$ne]=${member.id}`],
      ['chat-sessions', `$or[0][userId]=${a.admin.id}`],
      ['chat-sessions', `id=${mine.adminSession}`],
      ['chat-messages', `$or[0][sessionId]=${mine.adminSession}`],
      ['chat-messages', `sessionId=${mine.adminSession}`]
    ]) {
      const page = await member.http.get(`/${path}?${query}`)
      expect(page.status, `${path}?${query}`).toBe(200)
      expect(JSON.stringify(page.body), `${path}?${query}`).not.toMatch(new RegExp(`${mine.adminKey}|${mine.adminSession}|admin only`))
    }
    const overSocket = await socketCall(memberSocket, 'find', 'api-keys', undefined, undefined, { $or: [{ userId: { $ne: member.id } }, { id: mine.adminKey }] })
    expect(overSocket.status).toBe(200)
    expect(ids(overSocket.body)).toEqual([])
  })

  it('an admin never reaches another tenant by ORing in its ids', async () => {
    for (const [path, query] of [
      ['flows', `$or[0][id]=${theirs.flow}&$or[1][id]=${mine.flow}`],
      ['flows', `id[$in][]=${theirs.flow}&id[$in][]=${mine.flow}`],
      ['users', `$or[0][id]=${theirs.user}&$or[1][name][$ne]=x`],
      ['audit-logs', `$or[0][actorUserId]=${theirs.user}`]
    ]) {
      const page = await a.admin.http.get(`/${path}?${query}`)
      expect(page.status, `${path}?${query}`).toBe(200)
      expect(JSON.stringify(page.body), `${path}?${query}`).not.toMatch(new RegExp(`${theirs.flow}|${theirs.user}`))
    }
    const overSocket = await socketCall(adminSocket, 'find', 'flows', undefined, undefined, { $or: [{ id: theirs.flow }, { name: 'listed' }], $limit: 100 })
    expect(overSocket.status).toBe(200)
    expect(ids(overSocket.body)).toEqual([mine.flow])
  })
})

it('a NUL character in a filter value is a 400, not a 500, on every service', async () => {
  const statuses: Record<string, number> = {}
  for (const { path, field } of listers) statuses[path] = (await a.admin.http.get(`/${path}?${field}=a%00b`)).status
  statuses['audit-logs?actorUserId'] = (await a.admin.http.get('/audit-logs?service=%00')).status
  expect(Object.values(statuses).every((status) => status === 400 || status === 200), JSON.stringify(statuses)).toBe(true)
  expect(Object.values(statuses)).not.toContain(500)
})
