/**
 * Tenant scale on PostgreSQL: TENANTS tenants (10 000 by default) signed up through the API of a
 * `troupe start` process, 8 at a time, each with its own schema and migrations. Prints the signup
 * rate, the server's resident memory and CPU while idle with 1 tenant and with all of them (the
 * recovery sweep and the history pruner run all along: their cost must not follow the number of
 * tenants), and how long `troupe migrate` takes over every schema with nothing to apply.
 * Passwords are hashed with TROUPE_BCRYPT_ROUNDS=4 here, so the rate is the platform's, not bcrypt's.
 * Run: DATABASE_URL=postgres://... node --import tsx bench/tenant-scale.ts
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { freshPostgresDatabase } from '../core/test/fresh-postgres-database.js'
import { processCpuMs } from '../core/src/tenant-logic/process-cpu-time.js'
import { header, line, machine } from './lib/report.js'
import { signup } from './lib/start-server.js'
import { startTroupe, troupeCli } from './lib/start-troupe-process.js'

const TENANTS = Number(process.env.TENANTS ?? 10_000)
const CONCURRENCY = 8
const IDLE_SECONDS = 30

if (!process.env.DATABASE_URL) throw new Error('tenant-scale.ts needs DATABASE_URL (a PostgreSQL server)')
const database = await freshPostgresDatabase(process.env.DATABASE_URL, 'troupe_scale')
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-scale-'))
const env = {
  DATABASE_URL: database.url,
  PORT: '0',
  TROUPE_DATA_DIR: dataDir,
  TROUPE_RATE_LIMIT: '1000000',
  TROUPE_BCRYPT_ROUNDS: '4',
  TROUPE_SECRET_KEY: randomBytes(32).toString('hex'),
  LOG_LEVEL: 'warn'
}
header(`tenant scale on postgresql: ${TENANTS} tenants`)
machine()

const server = await startTroupe(env)
const pid = server.child.pid!
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

/** The server's CPU time per second over `seconds` of doing nothing but its own background work. */
async function idleCpu(seconds: number): Promise<number> {
  const before = processCpuMs(pid)!
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  return (processCpuMs(pid)! - before) / seconds
}

try {
  await signup(server.url)
  const idleOne = await idleCpu(IDLE_SECONDS)
  const rssOne = rssMb()

  let next = 1
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TENANTS) {
        next++
        await signup(server.url)
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  line('signups', `${TENANTS - 1} in ${seconds.toFixed(1)} s`)
  line('signups per second', (TENANTS - 1) / seconds)

  const idleAll = await idleCpu(IDLE_SECONDS)
  const rssAll = rssMb()
  line('server RSS, 1 tenant / all, idle', `${rssOne.toFixed(0)} / ${rssAll.toFixed(0)} MB`)
  line('server RSS per idle tenant', ((rssAll - rssOne) * 1024) / (TENANTS - 1), 'kB')
  line(`server idle CPU, 1 tenant (ms per s, over ${IDLE_SECONDS} s)`, idleOne)
  line(`server idle CPU, ${TENANTS} tenants (ms per s)`, idleAll)
} finally {
  server.child.kill('SIGTERM')
  await new Promise((resolve) => server.child.once('exit', resolve))
}

const migrateStarted = performance.now()
const migrated = await new Promise<string>((resolve, reject) => {
  const child = spawn(process.execPath, [troupeCli, 'migrate'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`troupe migrate exited with ${code}: ${output}`))))
})
line('troupe migrate over every schema, nothing to apply', (performance.now() - migrateStarted) / 1000, 's')
line('troupe migrate said', migrated.trim().split('\n').slice(-1)[0] ?? '')

await database.drop()
await rm(dataDir, { recursive: true, force: true })
