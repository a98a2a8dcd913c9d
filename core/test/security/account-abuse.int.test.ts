import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, lstat, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { restPrefix } from '@troupe/sdk'
import { RateLimiters } from '../../src/limits/rate-limiters.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { launchTroupe } from '../processes.js'
import { login, signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Abuse of one's own account and of the sign-up door: more API keys than a user may hold, keys
 * used to multiply a rate budget (REST, SSE, MCP), signup and email changes used to learn which
 * addresses have accounts, an email moved without the current password, and a data directory
 * other local users could read.
 */

const limit = 10
const maxKeys = 5
let server: TestServer
let t: TestTenant
let other: TestTenant
let executionId: string

/** Fresh, untouched budgets, so a test counts only what it spends. */
function freshBudgets({ requestsPerMinute = limit, loginAttempts = 1000 } = {}) {
  const config = server.app.get('config')
  server.app.set('rateLimiters', new RateLimiters({ requestsPerMinute, loginAttemptsPer15Minutes: loginAttempts, namespace: config.redisNamespace }))
}
const unlimited = () => freshBudgets({ requestsPerMinute: 1_000_000 })

const anonymous = () => httpClient(server.url)
const get = (token: string, url: string) => fetch(`${server.url}${url}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } })
const unique = () => randomBytes(4).toString('hex')

beforeAll(async () => {
  server = await startTestServer({ TROUPE_RATE_LIMIT: String(limit), TROUPE_MAX_API_KEYS_PER_USER: String(maxKeys) })
  unlimited()
  ;[t, other] = await Promise.all([signupTenant(server.url, `Abused ${unique()}`), signupTenant(server.url, `Neighbour ${unique()}`)])
  const flow = await created(t.admin, '/flows', flowBody('watched', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
  executionId = (await created(t.admin, '/executions', { flowId: flow.id, input: {} })).id
  await waitForExecution(t.admin.http.get, executionId)
})
afterAll(async () => {
  await server?.close()
})

async function keysOf(user: TestUser, count: number): Promise<string[]> {
  const keys: string[] = []
  for (let index = 0; index < count; index++) keys.push((await created(user, '/api-keys', { name: `key ${index}` })).key)
  return keys
}

describe('API keys per user', () => {
  it('refuses a key past TROUPE_MAX_API_KEYS_PER_USER with 409 naming the limit; removed and expired keys make room', async () => {
    unlimited()
    const user = await t.addUser('member')
    await keysOf(user, maxKeys - 1)
    const expiring = await created(user, '/api-keys', { name: 'short-lived', expiresAt: new Date(Date.now() + 1500).toISOString() })
    const refused = await user.http.post('/api-keys', { name: 'one too many' })
    expect(refused.status).toBe(409)
    expect(refused.body.message).toMatch(new RegExp(`At most ${maxKeys} active API keys per user`))
    expect(refused.body.data).toEqual({ limit: maxKeys })
    expect(refused.body).not.toHaveProperty('key')
    expect((await user.http.get('/api-keys')).body.total).toBe(maxKeys)

    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect((await httpClient(server.url, expiring.key).get('/flows')).status, 'the expired key no longer works').toBe(401)
    const another = await user.http.post('/api-keys', { name: 'after expiry' })
    expect(another.status, JSON.stringify(another.body)).toBe(201)
    expect((await user.http.post('/api-keys', { name: 'full again' })).status).toBe(409)
    expect((await user.http.delete(`/api-keys/${another.body.id}`)).status).toBe(200)
    expect((await user.http.post('/api-keys', { name: 'after removal' })).status).toBe(201)

    // Per user: the tenant's other users, the admin included, have their own allowance.
    expect((await t.admin.http.post('/api-keys', { name: 'admin key' })).status).toBe(201)
  })

  it('does not let concurrent creations slip past the limit', async () => {
    unlimited()
    const user = await t.addUser('member')
    const answers = await Promise.all(Array.from({ length: maxKeys + 4 }, (_, index) => user.http.post('/api-keys', { name: `race ${index}` })))
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(maxKeys)
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(4)
    expect((await user.http.get('/api-keys')).body.total).toBe(maxKeys)
  })
})

describe('API keys share their user\'s request budget', () => {
  it(`${maxKeys} keys of one user get one budget, not ${maxKeys}, over REST and SSE, and the user's session shares it`, async () => {
    unlimited()
    const user = await t.addUser('member')
    const keys = await keysOf(user, maxKeys)
    freshBudgets()
    const statuses: number[] = []
    for (let index = 0; index < limit + maxKeys; index++) statuses.push((await get(keys[index % maxKeys], `${restPrefix}/flows`)).status)
    expect(statuses.slice(0, limit).every((status) => status === 200), JSON.stringify(statuses)).toBe(true)
    expect(statuses.slice(limit)).toEqual(Array(maxKeys).fill(429))
    expect((await get(user.accessToken, `${restPrefix}/flows`)).status).toBe(429)
    const stream = await get(keys[0], `${restPrefix}/executions/${executionId}/events`)
    await stream.body?.cancel()
    expect(stream.status).toBe(429)
  })

  it('counts MCP calls made with one key against the user: its other keys are refused once MCP spent the budget', async () => {
    unlimited()
    const user = await t.addUser('member')
    const keys = await keysOf(user, 2)
    freshBudgets()
    const client = new Client({ name: 'spender', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys[0]}` } } }))
    try {
      let listed = 0
      for (; listed <= limit; listed++) {
        const refused = await client.listTools().then(
          () => false,
          (error: Error) => /429|Too many requests/i.test(error.message)
        )
        if (refused) break
      }
      expect(listed, 'MCP itself is limited').toBeLessThanOrEqual(limit)
      expect((await get(keys[1], `${restPrefix}/flows`)).status).toBe(429)
      expect((await get(user.accessToken, `${restPrefix}/flows`)).status).toBe(429)
    } finally {
      await client.close().catch(() => undefined)
    }
    // And the other way round: REST spends what MCP then lacks.
    freshBudgets()
    const second = new Client({ name: 'second', version: '1.0.0' })
    await second.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys[1]}` } } }))
    try {
      for (let index = 0; index < limit; index++) await get(keys[0], `${restPrefix}/flows`)
      await expect(second.listTools()).rejects.toThrow(/429|Too many requests/i)
    } finally {
      await second.close().catch(() => undefined)
    }
  })
})

describe('signup and email changes do not tell whose address exists', () => {
  const signup = (email: string) => anonymous().post('/signup', { tenant: { name: `Probe ${unique()}` }, name: 'Probe', email, password: 'long enough password' })
  const revealing = /exist|already|taken|registered|in use|duplicate|conflict/i

  it('answers a signup with any tenant\'s address one neutral 400, the same for every known address, and creates nothing', async () => {
    unlimited()
    const tenantsBefore = Number((await server.app.get('knex')('tenants').count({ n: '*' }))[0].n)
    const answers = []
    for (const email of [other.admin.email, other.admin.email.toUpperCase(), t.admin.email]) answers.push(await signup(email))
    for (const answer of answers) {
      expect(answer.status).toBe(400)
      expect(answer.body).toEqual(answers[0].body)
      const text = JSON.stringify(answer.body)
      expect(text).not.toMatch(revealing)
      for (const hint of [other.id, t.id, 'Neighbour', 'Abused']) expect(text).not.toContain(hint)
    }
    expect(answers[0].body).toMatchObject({ name: 'BadRequest', data: [{ field: 'email', message: 'cannot be used' }] })
    expect(Number((await server.app.get('knex')('tenants').count({ n: '*' }))[0].n)).toBe(tenantsBefore)
    expect((await login(server.url, other.admin.email, other.admin.password)).user.id).toBe(other.admin.id)
  })

  it('gives the same answer when an admin creates, or a user moves to, an address some account has', async () => {
    unlimited()
    const reference = await signup(other.admin.email)
    const twin = await t.admin.http.post('/users', { email: other.admin.email, name: 'Twin', password: 'long enough password' })
    expect(twin.status).toBe(400)
    expect(twin.body).toEqual(reference.body)
    const member = await t.addUser('member')
    const moved = await member.http.patch(`/users/${member.id}`, { email: other.admin.email, currentPassword: member.password })
    expect(moved.status).toBe(400)
    expect(moved.body).toEqual(reference.body)
    const byAdmin = await t.admin.http.patch(`/users/${member.id}`, { email: other.admin.email.toUpperCase() })
    expect(byAdmin.body).toEqual(reference.body)
    expect((await t.admin.http.get(`/users/${member.id}`)).body.email).toBe(member.email)
  })

  it('counts every refused address against the caller\'s IP like a failed login, so probing stops at that budget', async () => {
    freshBudgets({ requestsPerMinute: 1_000_000, loginAttempts: 2 })
    const perIp = 2 * 5
    const statuses: number[] = []
    for (let index = 0; index < perIp; index++) statuses.push((await signup(other.admin.email)).status)
    expect(statuses).toEqual(Array(perIp).fill(400))
    // Now even a free address, or a login with the right password, waits from this address.
    expect((await signup(`fresh-${unique()}@example.test`)).status).toBe(429)
    expect((await anonymous().post('/authentication', { strategy: 'local', email: t.admin.email, password: t.admin.password })).status).toBe(429)
    unlimited()
    expect((await signup(`fresh-${unique()}@example.test`)).status).toBe(201)
  })
})

describe('changing one\'s own email', () => {
  it('requires the current password, like a password change', async () => {
    unlimited()
    const user = await t.addUser('member')
    const target = `moved-${unique()}@example.test`
    const missing = await user.http.patch(`/users/${user.id}`, { email: target })
    expect(missing.status).toBe(400)
    expect(missing.body.data).toEqual([{ field: 'currentPassword', message: 'is required to change your own password or email' }])
    const wrong = await user.http.patch(`/users/${user.id}`, { email: target, currentPassword: 'not my password' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.data).toEqual([{ field: 'currentPassword', message: 'is not your current password' }])
    expect((await t.admin.http.get(`/users/${user.id}`)).body.email).toBe(user.email)

    const moved = await user.http.patch(`/users/${user.id}`, { email: target, currentPassword: user.password })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    expect(moved.body.email).toBe(target)
    expect(JSON.stringify(moved.body)).not.toContain(user.password)
    expect((await login(server.url, target, user.password)).user.id).toBe(user.id)
    expect((await anonymous().post('/authentication', { strategy: 'local', email: user.email, password: user.password })).status).toBe(401)
  })

  it('needs nothing more for its unchanged address or for an admin moving another user', async () => {
    unlimited()
    const user = await t.addUser('member')
    const same = await user.http.patch(`/users/${user.id}`, { email: user.email.toUpperCase(), name: 'Renamed' })
    expect(same.status, JSON.stringify(same.body)).toBe(200)
    expect(same.body).toMatchObject({ email: user.email, name: 'Renamed' })
    const target = `admin-moved-${unique()}@example.test`
    expect((await t.admin.http.patch(`/users/${user.id}`, { email: target })).status).toBe(200)
    expect((await login(server.url, target, user.password)).user.id).toBe(user.id)
  })

  it('counts a wrong current password as a failed login of the account: past the limit even the right one waits', async () => {
    unlimited()
    const user = await t.addUser('member')
    freshBudgets({ requestsPerMinute: 1_000_000, loginAttempts: 3 })
    const statuses: number[] = []
    for (let index = 0; index < 4; index++) {
      statuses.push((await user.http.patch(`/users/${user.id}`, { email: `guess-${unique()}@example.test`, currentPassword: `guess ${index}` })).status)
    }
    expect(statuses).toEqual([400, 400, 400, 429])
    expect((await user.http.patch(`/users/${user.id}`, { email: `right-${unique()}@example.test`, currentPassword: user.password })).status).toBe(429)
    expect((await anonymous().post('/authentication', { strategy: 'local', email: user.email, password: user.password })).status).toBe(429)
    const refusals = await t.admin.http.get(`/audit-logs?actorUserId=${user.id}&outcome=failure&service=users`)
    expect(refusals.body.total).toBeGreaterThanOrEqual(4)
    expect(JSON.stringify(refusals.body)).not.toContain('guess 0')
    unlimited()
  })
})

describe('the data directory', () => {
  const children: ChildProcess[] = []
  let dataDir: string
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  /** Every entry under `dir` whose mode gives the group or others any right, with its mode. */
  async function notPrivate(dir: string): Promise<string[]> {
    const found: string[] = []
    const visit = async (entry: string) => {
      const stats = await lstat(entry)
      if ((stats.mode & 0o077) !== 0) found.push(`${(stats.mode & 0o777).toString(8)} ${path.relative(dataDir, entry)}`)
      if (stats.isDirectory()) for (const name of await readdir(entry)) await visit(path.join(entry, name))
    }
    await visit(dir)
    return found
  }

  it('is private after start (a looser existing one is tightened), and so is every database file written later', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-private-'))
    await chmod(dataDir, 0o755)
    await writeFile(path.join(dataDir, 'secret.key'), randomBytes(32).toString('base64url'), { mode: 0o644 })
    await chmod(path.join(dataDir, 'secret.key'), 0o644)
    const { url } = await launchTroupe('start', { TROUPE_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', TROUPE_SECRET_KEY: '', REDIS_URL: '', MONGODB_URL: '', LOG_LEVEL: 'warn' }, children)

    expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe('700')
    expect(((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toString(8)).toBe('600')
    expect((await readdir(path.join(dataDir, 'pglite'))).length).toBeGreaterThan(5)
    expect(await notPrivate(dataDir)).toEqual([])

    // A new tenant writes new tables: PGlite creates their files now, under the server's umask.
    const tenant = await signupTenant(url!)
    expect((await tenant.admin.http.get('/flows')).status).toBe(200)
    expect(await notPrivate(dataDir)).toEqual([])
  }, 300_000)
})
