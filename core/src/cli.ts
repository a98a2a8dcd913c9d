import { loadConfig, ConfigError } from './config/load-config.js'
import { PluginContractError } from './plugins/plugin-contract-error.js'
import { createApp } from './app.js'
import { listen } from './http/listen.js'
import type { Application } from './declarations.js'
import { createKnex } from './db/create-knex.js'
import { migrateAll } from './db/migrate-all.js'
import { tenantMigrations } from '../migrations/index.js'

const usage = `Usage: troupe <command>

Commands:
  start     serve the API, Socket.IO and the web workspace
  worker    run queued executions (queue mode: REDIS_URL and DATABASE_URL)
  migrate   migrate the control schema and every tenant schema, then exit`

async function start() {
  const config = loadConfig()
  const app = await createApp({ config })
  const logger = app.get('logger')
  const port = await listen(app, config.port, config.host)
  logger.info({ port, host: config.host, database: config.databaseUrl ? 'postgresql' : 'pglite' }, 'troupe started')
  console.log(`Troupe is running on http://${config.host}:${port}`)
  stopOnSignals(app)
}

/** SIGINT/SIGTERM tear the app down (running executions are left to be resumed) and exit. */
function stopOnSignals(app: Application) {
  const stop = async () => {
    app.get('logger').info('troupe stopping')
    app.server?.closeAllConnections()
    await app.teardown()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

async function worker() {
  const config = loadConfig()
  if (!config.redisUrl || !config.databaseUrl) {
    throw new ConfigError('REDIS_URL', 'and DATABASE_URL are both required by `troupe worker` (queue mode)')
  }
  const app = await createApp({ config, role: 'worker' })
  await app.setup()
  console.log(`Troupe worker ${app.get('dispatcher').runnerId} is running`)
  stopOnSignals(app)
}

async function migrate() {
  const config = loadConfig()
  const knex = await createKnex({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    const report = await migrateAll(knex, tenantMigrations)
    const tenantCount = Object.keys(report.tenants).length
    console.log(`Control schema: ${report.control.length} migration(s) applied`)
    console.log(`Tenant schemas: ${tenantCount} checked, ${Object.values(report.tenants).flat().length} migration(s) applied`)
  } finally {
    await knex.destroy()
  }
}

const commands: Record<string, () => Promise<void>> = { start, worker, migrate }

const command = process.argv[2]
const run = command ? commands[command] : undefined
if (!run) {
  console.error(usage)
  process.exit(command ? 2 : 0)
}
run().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PluginContractError) console.error(error.message)
  else console.error(error)
  process.exit(1)
})
