import type { Mailer } from './email/mailer.js'
import type { Application as FeathersApplication, HookContext as FeathersHookContext, Params } from '@feathersjs/feathers'
import type { AuthenticationConfiguration } from '@feathersjs/authentication'
import type { Application as KoaApplication } from '@feathersjs/koa'
import type { Knex } from 'knex'
import type { PreparedStatements } from './db/prepared-statements.js'
import type { Logger } from 'pino'
import type { RoleName } from '@troupe/sdk'
import type { FairSlots, LogStore, PersonalDataHandler } from '@troupe/sdk/plugin'
import type { TroupeConfig } from './config/load-config.js'
import type { SchemaMigration } from './db/migrate.js'
import type { Models } from './models/index.js'
import type { TroupeAbility } from './rbac/define-ability.js'
import type { PermissionRegistry } from './rbac/permission-registry.js'
import type { SecretBox } from './crypto/secret-box.js'
import type { ResponseCache } from './llm/response-cache.js'
import type { ProviderRests } from './llm/provider-rests.js'
import type { PluginRegistry } from './plugins/plugin-registry.js'
import type { ExecutionDispatcher } from './executor/execution-dispatcher.js'
import type { ExecutionWatcher } from './executor/watch/execution-watcher.js'
import type { ExecutionStore } from './executor/store/execution-store.js'
import type { TriggerHost } from './triggers/trigger-host.js'
import type { HistoryPruner } from './executor/store/history-pruner.js'
import type { ServiceDescriptors } from './services/service-descriptor.js'
import type { PluginRoutes } from './http/plugin-routes.js'
import type { RateLimiters } from './limits/rate-limiters.js'
import type { LiveSessions } from './realtime/live-sessions.js'
import type { TenantLimits } from './limits/tenant-limits.js'
import type { StorageMeter } from './limits/storage-meter.js'
import type { WebhookRateLimiter } from './limits/webhook-rate-limiter.js'
import type { SeenSignatures } from './services/hooks/seen-signatures.js'
import type { TroupeMetrics } from './observability/metrics.js'
import type { migrateAll } from './db/migrate-all.js'
import type { LogicPool } from './tenant-logic/logic-pool.js'
import type { OperatorEndpoints } from './llm/operator-endpoints.js'
import type { SsoStateStore } from './auth/sso/sso-state-store.js'
import type { IssuerConfigurations } from './auth/sso/tenant-sso.js'

/** Who is calling: resolved fresh from the database on every request. */
export interface Principal {
  userId: string
  tenantId: string
  /** The Postgres schema that holds the tenant's data. */
  tenantSchema: string
  /** The role in force: the user's role, capped by the API key's role when one is used. */
  role: RoleName
  sessionId?: string
  apiKeyId?: string
  /** The cap an API key puts on its owner's role. */
  apiKeyRole?: RoleName
}

export interface TroupeParams extends Params {
  /** The client's address (REST and Socket.IO), for rate limits and the audit log. */
  ip?: string
  principal?: Principal
  ability?: TroupeAbility
  user?: Record<string, unknown> & { id: string }
  /**
   * An internal call checked by CASL as if the principal made it (a plugin's `records` call into a
   * service it does not own); internal calls are otherwise trusted.
   */
  checkPermissions?: boolean
}

export interface Configuration {
  config: TroupeConfig
  secretKey: string
  knex: Knex
  /** The executor's hot statements, server-side prepared on PostgreSQL. */
  statements: PreparedStatements
  /** Where execution events and plugins' logs (chat messages) live: PostgreSQL, or the log store a plugin setting selects (`MONGODB_URL`). */
  logStore: LogStore
  models: Models
  logger: Logger
  /** Mail with links (invitations, password resets): SMTP, or the log without it. */
  mailer: Mailer
  tenantMigrations: SchemaMigration[]
  permissions: PermissionRegistry
  serviceDescriptors: ServiceDescriptors
  authentication: AuthenticationConfiguration
  plugins: PluginRegistry
  /** The operator's endpoints and keys of the provider kinds, from their plugins' settings (read once at start). */
  operatorEndpoints: OperatorEndpoints
  secretBox: SecretBox
  responseCache: ResponseCache
  /** Providers a vendor rate-limited, resting per tenant until the time it asked. */
  providerRests: ProviderRests
  /** Run for every new tenant after its schema exists (default providers, ...). */
  tenantInitializers: Array<(principal: Principal) => Promise<void>>
  /** The one owner of executions, node runs and events in the database. */
  executionStore: ExecutionStore
  /** Applies each tenant's history retention in small batches, off the hot path. */
  historyPruner: HistoryPruner
  triggerHost: TriggerHost
  dispatcher: ExecutionDispatcher
  /** Watches executions until they end (webhook answers, SSE, chat, MCP): `watch`. */
  watcher: ExecutionWatcher
  /** Paths outside the API that plugins serve (`/mcp`). */
  pluginRoutes: PluginRoutes
  rateLimiters: RateLimiters
  /** Open SSE streams and Socket.IO connections, closed or narrowed when their user changes. */
  liveSessions: LiveSessions
  /** Each tenant's limits in force (its own values, else the server's), cached. */
  tenantLimits: TenantLimits
  /** What each tenant's execution history takes, measured off the hot path. */
  storageMeter: StorageMeter
  webhookRateLimiter: WebhookRateLimiter
  /** Signatures of signed webhook calls already received, to refuse replays. */
  seenSignatures: SeenSignatures
  /** Pending SSO logins (state, nonce, PKCE verifier), single use: in memory, or in Redis with `REDIS_URL`. */
  ssoStates: SsoStateStore
  /** Tenants' OIDC issuer configurations (discovery through the guarded fetch), cached per saved version. */
  ssoIssuers: IssuerConfigurations
  /** Where personal data lives, for GDPR export and erasure (the core's own and plugins'). */
  personalData: PersonalDataHandler[]
  metrics: TroupeMetrics
  /** Where tenants' expressions, schemas and patterns are evaluated, each with a time and memory budget. */
  logicPool: LogicPool
  /** Each tenant's share of tool runs at once in this process. */
  toolRunSlots: FairSlots
  /** What the start-up migration applied (the core's and plugins' migrations). */
  migrationReport: Awaited<ReturnType<typeof migrateAll>>
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceTypes {}

export type Application = KoaApplication<ServiceTypes, Configuration> &
  FeathersApplication<ServiceTypes, Configuration>

export type HookContext<S = unknown> = FeathersHookContext<Application, S> & { params: TroupeParams }
