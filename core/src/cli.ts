import { loadConfig, ConfigError } from './config/load-config.js'
import { PluginContractError } from './plugins/plugin-contract-error.js'
import { createApp } from './app.js'
import { listen } from './http/listen.js'
import type { Application } from './declarations.js'
import { createServer, type Server } from 'node:http'
import { startTelemetry } from './observability/start-telemetry.js'

const usage = `Usage: troupe <command>

Commands:
  start     serve the API, Socket.IO and the web workspace
  worker    run queued executions (queue mode: REDIS_URL and DATABASE_URL)
  migrate   migrate the control schema and every tenant schema, then exit`

async function start() {
  const config = loadConfig()
  const stopTelemetry = startTelemetry('api')
  const app = await createApp({ config })
  const logger = app.get('logger')
  const port = await listen(app, config.port, config.host)
  logger.info({ port, host: config.host, database: config.databaseUrl ? 'postgresql' : 'pglite' }, 'troupe started')
  console.log(`Troupe is running on http://${config.host}:${port}`)
  stopOnSignals(app, stopTelemetry)
}

/** SIGINT/SIGTERM tear the app down (running executions are left to be resumed) and exit. */
function stopOnSignals(app: Application, stopTelemetry?: () => Promise<void>, metricsServer?: Server) {
  const stop = async () => {
    app.get('logger').info('troupe stopping')
    app.server?.closeAllConnections()
    metricsServer?.close()
    await app.teardown()
    await stopTelemetry?.()
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
  const stopTelemetry = startTelemetry('worker')
  const app = await createApp({ config, role: 'worker' })
  await app.setup()
  const metricsServer = config.metricsPort === undefined ? undefined : await serveWorkerMetrics(app, config.metricsPort, config.host)
  console.log(`Troupe worker ${app.get('dispatcher').runnerId} is running`)
  stopOnSignals(app, stopTelemetry, metricsServer)
}

/** Workers serve nothing but, when `TROUPE_METRICS_PORT` is set, their own `/metrics`. */
async function serveWorkerMetrics(app: Application, port: number, host: string): Promise<Server> {
  const metrics = app.get('metrics')
  const server = createServer(async (request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics())
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  return server
}

/** Brings the control schema and every tenant schema up to date, plugins' migrations included. */
async function migrate() {
  const config = loadConfig()
  // Building the app loads the plugins (their tenant migrations) and migrates; nothing is served.
  const app = await createApp({ config, role: 'worker' })
  try {
    const report = app.get('migrationReport')
    const tenantCount = Object.keys(report.tenants).length
    console.log(`Control schema: ${report.control.length} migration(s) applied`)
    console.log(`Tenant schemas: ${tenantCount} checked, ${Object.values(report.tenants).flat().length} migration(s) applied`)
  } finally {
    await app.teardown()
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
