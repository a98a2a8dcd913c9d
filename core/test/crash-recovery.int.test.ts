import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { httpClient } from './http.js'
import { signupTenant } from './tenants.js'
import { freshPostgresDatabase } from './test-server.js'

const cli = path.resolve(import.meta.dirname, '../bin/troupe.mjs')
let dataDir: string
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined
let child: ChildProcess | undefined

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-crash-'))
  if (process.env.DATABASE_URL) database = await freshPostgresDatabase(process.env.DATABASE_URL)
})
afterAll(async () => {
  child?.kill('SIGKILL')
  await database?.drop()
  await rm(dataDir, { recursive: true, force: true })
})

/** Starts `troupe start` as a child process and resolves with its URL once it listens. */
function startServer(): Promise<string> {
  child = spawn(process.execPath, [cli, 'start'], {
    env: {
      ...process.env,
      PORT: '0',
      TROUPE_DATA_DIR: dataDir,
      TROUPE_EXECUTION_LEASE_MS: '1500',
      TROUPE_BCRYPT_ROUNDS: '4',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database?.url ?? '',
      // Inline mode: this server runs its executions itself (queue mode has its own test).
      REDIS_URL: '',
      TROUPE_SECRET_KEY: database ? 'a-test-secret-key-that-is-long-enough-0123456789' : ''
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /running on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match) resolve(match[1])
    })
    child!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child!.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)))
  })
}

describe('crash recovery', () => {
  it('resumes an execution after kill -9: completed nodes do not run again', async () => {
    let url = await startServer()
    const tenant = await signupTenant(url)
    const flow = await tenant.admin.http.post(
      '/flows',
      flowBody(
        'survivor',
        [
          node('in', 'trigger.manual'),
          node('first', 'data.transform', { expression: 'input.n + 1' }),
          node('wait', 'util.delay', { ms: 2500 }, { retry: { max: 1 } }),
          node('out', 'flow.output')
        ],
        [['in', 'first'], ['first', 'wait'], ['wait', 'out']]
      )
    )
    const execution = (await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: { n: 41 } })).body
    const events = async (http = tenant.admin.http) =>
      (await http.get(`/execution-events?executionId=${execution.id}&$limit=1000`)).body.data as Array<{ type: string; nodeId: string }>
    for (let tries = 0; !(await events()).some((event) => event.type === 'node.started' && event.nodeId === 'wait'); tries++) {
      if (tries > 100) throw new Error('the delay never started')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    child!.kill('SIGKILL')
    await new Promise((resolve) => child!.once('exit', resolve))

    url = await startServer()
    const http = httpClient(url, tenant.admin.accessToken)
    const done = await waitForExecution(http.get, execution.id, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', output: 42 })
    const log = await events(http)
    expect(log.filter((event) => event.type === 'node.started' && event.nodeId === 'first')).toHaveLength(1)
    expect(log.some((event) => event.type === 'execution.resumed')).toBe(true)
    expect(log.map((event) => event.type).at(-1)).toBe('execution.completed')
  }, 90_000)
})
