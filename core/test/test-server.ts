import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { createApp } from '../src/app.js'
import { listen } from '../src/http/listen.js'
import { freshPostgresDatabase } from './fresh-postgres-database.js'

export { freshPostgresDatabase }
import { loadConfig } from '../src/config/load-config.js'
import { createLogger } from '../src/logger.js'
import type { Application } from '../src/declarations.js'

/** Mounts an ad-hoc service that the typed `ServiceTypes` does not know (tests of the shared hooks). */
export function mountService(app: Application, path: string, service: object) {
  ;(app.use as unknown as (path: string, service: object) => void).call(app, path, service)
}

export interface TestServer {
  url: string
  app: Application
  /** `postgresql` when DATABASE_URL pointed the run at a server, else `pglite`. */
  engine: 'pglite' | 'postgresql'
  close(): Promise<void>
}

/**
 * Starts a real Troupe server on a random port with its own database: a clone of the migrated
 * PGlite snapshot, or a new database on the PostgreSQL server when DATABASE_URL is set.
 */
export interface TestServerOptions {
  /** Lines the server logs, for tests that check what reaches the logs. */
  logLines?: string[]
  /**
   * Use the Redis named by REDIS_URL (when set), under a namespace of its own. Off by default: with
   * a PostgreSQL server as well, Redis means queue mode, where only workers run executions.
   */
  redis?: boolean
}

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-server-'))
  const serverUrl = process.env.DATABASE_URL
  const database = serverUrl ? await freshPostgresDatabase(serverUrl) : undefined
  const config = loadConfig({
    TROUPE_DATA_DIR: dataDir,
    TROUPE_SECRET_KEY: randomBytes(32).toString('hex'),
    TROUPE_BCRYPT_ROUNDS: '4',
    // Suites call fast from one user; the rate-limit tests set their own limits.
    TROUPE_RATE_LIMIT: '1000000',
    TROUPE_LOGIN_ATTEMPTS: '1000',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(options.redis && process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, TROUPE_REDIS_NAMESPACE: `test-${randomBytes(4).toString('hex')}` }
      : {}),
    ...env
  })
  const pglite = database
    ? undefined
    : new PGlite({ loadDataDir: new Blob([await readFile(inject('pgliteSnapshot'))]) })
  const logger = options.logLines
    ? createLogger('debug', { write: (line: string) => void options.logLines!.push(line) })
    : undefined
  const app = await createApp({ config, pglite, logger })
  const port = await listen(app, 0, '127.0.0.1')
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    engine: database ? 'postgresql' : 'pglite',
    close: async () => {
      // Open Socket.IO clients would keep the HTTP server from closing.
      app.server.closeAllConnections()
      await app.teardown()
      await database?.drop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
