import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../../../core/test/flows-graph.js'
import { httpClient } from '../../../core/test/http.js'
import { launchTroupe } from '../../../core/test/processes.js'
import { signupTenant } from '../../../core/test/tenants.js'
import { freshPostgresDatabase } from '../../../core/test/test-server.js'
import { freshMongoDatabase, noMongoDb } from './mongodb-test-database.js'

// `troupe start` killed with SIGKILL mid-run while its events go to MongoDB: the server started
// again resumes the execution after the highest seq MongoDB holds. Skipped (the reason in its name)
// without MONGODB_URL.

describe.skipIf(Boolean(noMongoDb))(noMongoDb ? `crash recovery with MONGODB_URL (skipped: ${noMongoDb})` : 'crash recovery with MONGODB_URL', () => {
  const children: ChildProcess[] = []
  let dataDir: string
  let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined
  let mongo: ReturnType<typeof freshMongoDatabase>

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-mongo-crash-'))
    if (process.env.DATABASE_URL) postgres = await freshPostgresDatabase(process.env.DATABASE_URL)
    mongo = freshMongoDatabase()
  })
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await postgres?.drop()
    await mongo?.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  const start = async () =>
    (
      await launchTroupe(
        'start',
        {
          PORT: '0',
          TROUPE_DATA_DIR: dataDir,
          TROUPE_EXECUTION_LEASE_MS: '1500',
          TROUPE_BCRYPT_ROUNDS: '4',
          LOG_LEVEL: 'warn',
          DATABASE_URL: postgres?.url ?? '',
          REDIS_URL: '',
          MONGODB_URL: mongo.url,
          TROUPE_SECRET_KEY: postgres ? 'a-test-secret-key-that-is-long-enough-0123456789' : ''
        },
        children
      )
    ).url!

  it('resumes after kill -9, continuing the event log after the last stored seq', async () => {
    const url = await start()
    const tenant = await signupTenant(url)
    const flow = await tenant.admin.http.post(
      '/flows',
      flowBody(
        'survivor',
        [node('in', 'trigger.manual'), node('first', 'data.transform', { expression: 'input.n + 1' }), node('wait', 'util.delay', { ms: 2500 }, { retry: { max: 1 } }), node('out', 'flow.output')],
        [['in', 'first'], ['first', 'wait'], ['wait', 'out']]
      )
    )
    const execution = (await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: { n: 41 } })).body
    const events = async (http = tenant.admin.http) =>
      (await http.get(`/execution-events?executionId=${execution.id}&$limit=1000`)).body.data as Array<{ seq: number; type: string; nodeId: string }>
    for (let tries = 0; !(await events()).some((event) => event.type === 'node.started' && event.nodeId === 'wait'); tries++) {
      if (tries > 100) throw new Error('the delay never started')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const child = children.at(-1)!
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const http = httpClient(await start(), tenant.admin.accessToken)
    expect(await waitForExecution(http.get, execution.id, 30_000)).toMatchObject({ status: 'succeeded', output: 42 })
    const log = await events(http)
    expect(log.map((event) => event.seq)).toEqual(log.map((_event, index) => index + 1))
    expect(log.filter((event) => event.type === 'node.started' && event.nodeId === 'first')).toHaveLength(1)
    expect(log.some((event) => event.type === 'execution.resumed')).toBe(true)
    expect(log.at(-1)!.type).toBe('execution.completed')
  }, 90_000)
})
