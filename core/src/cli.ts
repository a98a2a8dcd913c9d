import { loadConfig, ConfigError } from './config/load-config.js'
import { PluginContractError } from './plugins/plugin-contract-error.js'
import { createApp } from './app.js'
import { listen } from './http/listen.js'
import type { Application } from './declarations.js'
import type { Server } from 'node:http'
import { serveMetrics } from './observability/metrics-listener.js'
import { startTelemetry } from './observability/start-telemetry.js'
import type { TroupeConfig } from './config/load-config.js'

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
  const metricsServer = await serveMetricsIfAsked(app, config)
  logger.info({ port, host: config.host, database: config.databaseUrl ? 'postgresql' : 'pglite', metrics: metricsWhere(config) }, 'troupe started')
  console.log(`Troupe is running on http://${config.host}:${port}`)
  stopOnSignals(app, stopTelemetry, metricsServer)
}

/** Where `/metrics` can be scraped, for the start log: it is closed unless the operator opens it. */
function metricsWhere(config: TroupeConfig): string {
  const places = [
    ...(config.metricsPort !== undefined ? [`http://${config.metricsHost}:${config.metricsPort}/metrics`] : []),
    ...(config.metricsToken ? ['/metrics on the API port, with TROUPE_METRICS_TOKEN'] : [])
  ]
  return places.join(' and ') || 'not served (set TROUPE_METRICS_PORT or TROUPE_METRICS_TOKEN)'
}

/** `TROUPE_METRICS_PORT`: a listener of its own, on `TROUPE_METRICS_HOST` (127.0.0.1 unless configured). */
async function serveMetricsIfAsked(app: Application, config: TroupeConfig): Promise<Server | undefined> {
  if (config.metricsPort === undefined) return undefined
  return serveMetrics(app.get('metrics'), { port: config.metricsPort, host: config.metricsHost, token: config.metricsToken })
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
  const metricsServer = await serveMetricsIfAsked(app, config)
  console.log(`Troupe worker ${app.get('dispatcher').runnerId} is running`)
  stopOnSignals(app, stopTelemetry, metricsServer)
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
