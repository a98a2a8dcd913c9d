import { feathers } from '@feathersjs/feathers'
import { bodyParser, koa, rest } from '@feathersjs/koa'
import socketio from '@feathersjs/socketio'
import type { PGlite } from '@electric-sql/pglite'
import type { Knex } from 'knex'
import { tenantMigrations } from '../migrations/index.js'
import { authentication } from './auth/authentication.js'
import type { TroupeConfig } from './config/load-config.js'
import { resolveSecretKey } from './config/secret-key.js'
import { PreparedStatements } from './db/prepared-statements.js'
import { createKnex } from './db/create-knex.js'
import { migrateAll } from './db/migrate-all.js'
import type { Application } from './declarations.js'
import { authenticateRequest } from './hooks/authenticate-request.js'
import { authorize } from './hooks/authorize.js'
import { mapErrors } from './hooks/map-errors.js'
import { validateRequest } from './hooks/validate-request.js'
import { errorMiddleware } from './http/error-middleware.js'
import { healthRoute } from './http/health.js'
import { apiIndexRoute } from './http/api-index.js'
import { apiDocsRoute } from './http/api-docs-route.js'
import { openApiDocumentRoute } from './http/openapi-document-route.js'
import { serveWorkspaceRoute } from './http/serve-workspace.js'
import { compressApiAnswers } from './http/compress-responses.js'
import { ProviderRests } from './llm/provider-rests.js'
import { splitApi, type RootRoute } from './http/split-api.js'
import { PluginRoutes } from './http/plugin-routes.js'
import { refreshCookie } from './http/refresh-cookie.js'
import { canonicalPath } from './http/canonical-path.js'
import { corsAllowList } from './http/cors.js'
import { requestTimeout } from './http/request-timeout.js'
import { securityHeaders } from './http/security-headers.js'
import { restPrefix } from '@troupe/sdk'
import { createLogger } from './logger.js'
import { createMailer } from './email/mailer.js'
import type { Logger } from 'pino'
import { bindModels } from './models/index.js'
import { PermissionRegistry } from './rbac/permission-registry.js'
import { channels } from './realtime/channels.js'
import { broadcastPublishedEvents } from './realtime/broadcast-published-events.js'
import { capSocketsPerAddress } from './realtime/cap-sockets-per-address.js'
import { cleanSocketErrors } from './realtime/clean-socket-errors.js'
import { LiveSessions } from './realtime/live-sessions.js'
import { watchLiveSessions } from './realtime/watch-live-sessions.js'
import { loadPrincipal } from './auth/load-principal.js'
import { slowBodyGuard } from './http/slow-body-guard.js'
import { logLateErrors } from './http/log-late-errors.js'
import { safeServiceLookup } from './services/safe-service-lookup.js'
import { services } from './services/index.js'
import { Redis } from 'ioredis'
import { deriveKey } from './auth/derive-key.js'
import { SecretBox } from './crypto/secret-box.js'
import { MemoryResponseCache, RedisResponseCache } from './llm/response-cache.js'
import { providerSeeds, seedDefaultProviders } from './llm/seed-default-providers.js'
import { OperatorEndpoints } from './llm/operator-endpoints.js'
import { loadPlugins } from './plugins/load-plugins.js'
import { setUpPlugins } from './plugins/plugin-host.js'
import { ExecutionDispatcher } from './executor/execution-dispatcher.js'
import { ExecutionWatcher } from './executor/watch/execution-watcher.js'
import { ExecutionStore } from './executor/store/execution-store.js'
import { HistoryPruner } from './executor/store/history-pruner.js'
import { TriggerHost } from './triggers/trigger-host.js'
import { executionEventStream } from './http/execution-event-stream.js'
import { ExecutionQueue } from './executor/execution-queue.js'
import { startRedisEventRelay } from './realtime/redis-event-relay.js'
import { ServiceDescriptors } from './services/service-descriptor.js'
import { auditTrail } from './audit/audit-trail.js'
import { clientAddress, socketAddress } from './limits/client-address.js'
import { limitAnonymousCalls, limitAuthenticatedCalls } from './limits/rate-limit-hook.js'
import { RateLimiters } from './limits/rate-limiters.js'
import { TenantLimits } from './limits/tenant-limits.js'
import { StorageMeter } from './limits/storage-meter.js'
import { WebhookRateLimiter } from './limits/webhook-rate-limiter.js'
import { MemorySeenSignatures, RedisSeenSignatures } from './services/hooks/seen-signatures.js'
import { MemorySsoStateStore, RedisSsoStateStore } from './auth/sso/sso-state-store.js'
import { IssuerConfigurations } from './auth/sso/tenant-sso.js'
import { ssoRoutes } from './auth/sso/sso-routes.js'
import { webhookIntake } from './services/hooks/webhook-intake.js'
import { corePersonalData } from './gdpr/core-personal-data.js'
import { TroupeMetrics } from './observability/metrics.js'
import { httpMetrics, metricsRoute } from './observability/metrics-route.js'
import { openLogStore } from './stores/open-log-store.js'
import { LogicPool } from './tenant-logic/logic-pool.js'
import { FairSlots } from '@troupe/sdk/plugin'

const bodyLimit = '10mb'

export interface CreateAppOptions {
  config: TroupeConfig
  /** Plugins loaded before those of `config.plugins` (the built-in ones by default). */
  builtinPlugins?: string[]
  /** An opened PGlite to use instead of the data directory (tests clone a snapshot). */
  pglite?: PGlite
  /** An existing knex (tests, tools); the app then does not own the connection. */
  knex?: Knex
  /** Where logs go instead of stdout (tests read them to prove secrets stay out). */
  logger?: Logger
  /** `worker`: runs queued executions and serves nothing (`troupe worker`). */
  role?: 'api' | 'worker'
}

/**
 * Composes the Troupe server: configuration, database, HTTP and Socket.IO transports,
 * authentication, services, channels and the shared hooks. Call `app.listen(port)` to serve.
 */
export async function createApp(options: CreateAppOptions): Promise<Application> {
  const { config, pglite, knex: givenKnex, builtinPlugins } = options
  const logger = options.logger ?? createLogger(config.logLevel)
  const secretKey = await resolveSecretKey(config, logger)
  const pluginRegistry = await loadPlugins(config.plugins, process.cwd(), builtinPlugins, config.disabledPlugins)
  pluginRegistry.readSettings(config.pluginEnv)
  const knex =
    givenKnex ?? (await createKnex({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pglite, logger }))
  const logStore = await openLogStore(pluginRegistry, knex, logger).catch(async (error: unknown) => {
    if (!givenKnex) await knex.destroy()
    throw error
  })

  const app = koa(feathers()) as unknown as Application
  // Believe X-Forwarded-For and X-Forwarded-Proto only when configured to sit behind a proxy.
  app.proxy = config.trustProxy
  app.set('config', config)
  app.set('secretKey', secretKey)
  app.set('knex', knex)
  app.set('statements', new PreparedStatements(knex, { enabled: config.preparedStatements }))
  app.set('logStore', logStore)
  app.set('models', bindModels(knex))
  app.set('logger', logger)
  app.set('mailer', createMailer(config, logger))
  const metrics = new TroupeMetrics()
  app.set('metrics', metrics)
  app.set(
    'logicPool',
    new LogicPool({
      workers: config.logicWorkers,
      memoryMb: config.logicMemoryMb,
      timeoutMs: config.logicTimeoutMs,
      maxResultBytes: config.logicMaxResultBytes,
      niceness: config.logicNiceness,
      maxExhaustedPerMinute: config.logicMaxExhaustedPerMinute,
      cpuMsPerSecond: config.logicCpuMsPerSecond,
      observe: (op, outcome) => metrics.tenantLogic.inc({ op, outcome })
    })
  )
  app.set('toolRunSlots', new FairSlots({ limit: Infinity, perKey: config.tenantMaxConcurrentToolRuns, maxQueuedPerKey: 1000 }))
  app.set('tenantMigrations', [...tenantMigrations])
  app.set('permissions', new PermissionRegistry())
  app.set('serviceDescriptors', new ServiceDescriptors())
  app.set('plugins', pluginRegistry)
  app.set('operatorEndpoints', OperatorEndpoints.of(pluginRegistry))
  app.set('secretBox', new SecretBox(deriveKey(secretKey, 'secret-encryption')))
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 }) : undefined
  app.set(
    'rateLimiters',
    new RateLimiters({
      requestsPerMinute: config.rateLimitPerMinute,
      loginAttemptsPer15Minutes: config.loginAttemptsPer15Minutes,
      passwordResetsPer15Minutes: config.passwordResetsPer15Minutes,
      redis,
      namespace: config.redisNamespace
    })
  )
  app.set('tenantLimits', new TenantLimits(knex, config))
  app.set('storageMeter', new StorageMeter(knex, logger))
  app.set('webhookRateLimiter', new WebhookRateLimiter({ redis, namespace: config.redisNamespace }))
  app.set('seenSignatures', redis ? new RedisSeenSignatures(redis, config.redisNamespace) : new MemorySeenSignatures())
  app.set('ssoStates', redis ? new RedisSsoStateStore(redis, config.redisNamespace) : new MemorySsoStateStore())
  app.set('ssoIssuers', new IssuerConfigurations(config, app.get('secretBox')))
  app.set('providerRests', new ProviderRests())
  app.set('responseCache', redis ? new RedisResponseCache(redis, 3600, `${config.redisNamespace}:llm-cache:`) : new MemoryResponseCache())
  app.set('personalData', corePersonalData(app))
  app.set('liveSessions', new LiveSessions(async (claims) => (await loadPrincipal(app.get('models'), claims)).principal, logger))
  const seeds = providerSeeds(pluginRegistry, app.get('operatorEndpoints'))
  app.set('tenantInitializers', [(principal) => seedDefaultProviders(app, principal, seeds)])
  // Queue mode needs a database every process shares: PostgreSQL, not the embedded PGlite.
  const queue = config.redisUrl && config.databaseUrl ? new ExecutionQueue(config.redisUrl, config.redisNamespace) : undefined
  app.set('executionStore', new ExecutionStore(knex, app.get('statements'), config.tenantMaxConcurrentExecutions))
  app.set(
    'dispatcher',
    new ExecutionDispatcher(app, app.get('executionStore'), {
      leaseMs: config.executionLeaseMs,
      queue,
      role: options.role ?? 'api',
      workerConcurrency: config.workerConcurrency,
      maxTakeovers: config.executionMaxTakeovers,
      nodeOutputMaxBytes: config.nodeOutputMaxBytes
    })
  )
  const historyPruner = new HistoryPruner(app, app.get('executionStore'), { intervalMs: config.historyPruneIntervalMs })
  app.set('historyPruner', historyPruner)
  const triggerHost = new TriggerHost(app, { syncMs: config.triggerSyncMs })
  app.set('triggerHost', triggerHost)
  app.set('watcher', new ExecutionWatcher(app, (executionId, tenantSchema) => app.get('dispatcher').runsHere(executionId, tenantSchema)))

  const pluginRoutes = new PluginRoutes(logger)
  app.set('pluginRoutes', pluginRoutes)
  const rootRoutes: RootRoute[] = [healthRoute(app), metricsRoute(metrics, config.metricsToken), pluginRoutes.route(), apiDocsRoute(), serveWorkspaceRoute(), apiIndexRoute()]
  logLateErrors(app, logger)
  app.use(httpMetrics(metrics))
  app.use(errorMiddleware(logger))
  app.use(canonicalPath())
  app.use(securityHeaders())
  app.use(corsAllowList(config.corsOrigins, () => pluginRoutes.corsHeaders()))
  app.use(slowBodyGuard(config.connections.headersTimeoutMs, config.connections.bodyMinBytesPerSecond))
  app.use(
    requestTimeout(
      config.requestTimeoutMs,
      (path) => pluginRoutes.has(path) || path.startsWith('/socket.io') || /^\/api\/v1\/executions\/[^/]+\/events$/.test(path),
      (path) => (path.startsWith(`${restPrefix}/hooks/`) ? Math.max(config.requestTimeoutMs, config.webhookWaitMs + 5_000) : undefined)
    )
  )
  app.use(splitApi(rootRoutes))
  app.use(compressApiAnswers(`${restPrefix}/hooks/`))
  app.use(openApiDocumentRoute(app))
  app.use(webhookIntake(app))
  const parseBody = bodyParser({ jsonLimit: bodyLimit, formLimit: bodyLimit, textLimit: bodyLimit })
  // A body a route already read with limits of its own (webhooks) is not read again.
  app.use((ctx, next) => (ctx.request.body === undefined ? parseBody(ctx, next) : next()))
  app.use(executionEventStream(app))
  app.use(refreshCookie(config.refreshTokenTtlSeconds))
  app.use(clientAddress())
  app.use(ssoRoutes(app))
  app.configure(rest())
  app.configure(
    // A transport that has not joined within the headers timeout is dropped, as a slow request is.
    socketio({ path: '/socket.io', maxHttpBufferSize: 10 * 1024 * 1024, connectTimeout: config.connections.headersTimeoutMs }, (io) => {
      capSocketsPerAddress(io, config.connections.socketsPerIp, config.trustProxy, () => metrics.connectionsRefused.inc({ kind: 'socket' }))
      cleanSocketErrors(io, logger)
      io.use((socket, next) => {
        ;(socket as unknown as { feathers: Record<string, unknown> }).feathers.ip = socketAddress(socket.handshake, config.trustProxy)
        next()
      })
      broadcastPublishedEvents(app, io)
    })
  )
  app.configure(authentication)
  app.configure(services)
  app.configure(channels)
  app.configure(watchLiveSessions)
  app.configure(safeServiceLookup)
  app.hooks({
    around: { all: [auditTrail, mapErrors, limitAnonymousCalls, authenticateRequest, limitAuthenticatedCalls, validateRequest, authorize] }
  })
  await setUpPlugins(app)
  const relay = config.redisUrl ? await startRedisEventRelay(app, config.redisUrl, config.redisNamespace) : undefined

  app.set('migrationReport', await migrateAll(knex, app.get('tenantMigrations')))
  app.hooks({
    setup: [
      async (_context: unknown, next: () => Promise<void>) => {
        await next()
        app.get('logicPool').warmUp()
        app.get('dispatcher').startBackgroundWork()
        if (app.get('dispatcher').runsExecutions) historyPruner.start()
        // Triggers start executions; queue workers only run them.
        if ((options.role ?? 'api') === 'api') await triggerHost.start()
      }
    ],
    teardown: [
      async (_context: unknown, next: () => Promise<void>) => {
        await triggerHost.stop()
        await app.get('dispatcher').stop()
        await historyPruner.stop()
        await next()
        await logStore.close()
        app.get('logicPool').close()
        await relay?.close()
        app.get('mailer').close()
        redis?.disconnect()
        if (!givenKnex) await knex.destroy()
      }
    ]
  } as never)
  return app
}
