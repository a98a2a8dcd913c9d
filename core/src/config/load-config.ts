import path from 'node:path'

/** The validated runtime configuration (12-factor: everything comes from the environment). */
export interface TroupeConfig {
  port: number
  host: string
  dataDir: string
  /** PostgreSQL server URL; without it the embedded PGlite database under `dataDir` is used. */
  databaseUrl?: string
  /**
   * Whether the executor's hot statements are server-side prepared on PostgreSQL
   * (`TROUPE_PREPARED_STATEMENTS`, default on; off behind a pooler in transaction mode that cannot
   * keep them).
   */
  preparedStatements: boolean
  redisUrl?: string
  /** MongoDB for execution events and chat messages (the `mongodb` log store); PostgreSQL without it. */
  mongodbUrl?: string
  /** 32-byte key for encryption and signing; generated into `dataDir` in embedded mode when absent. */
  secretKey?: string
  plugins: string[]
  dockerHost?: string
  openaiBaseUrl?: string
  openaiApiKey?: string
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  bcryptRounds: number
  /** Outbound calls (LLM endpoints, HTTP tools) may reach loopback addresses (local model servers). */
  allowLoopback: boolean
  /** Outbound calls may reach private ranges (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10). */
  allowPrivateNetworks: boolean
  /** How long a runner's claim on an execution lasts without renewal (crash detection). */
  executionLeaseMs: number
  /** How long a webhook call waits for its flow before answering 202. */
  webhookWaitMs: number
  /** Prefix of every Redis key, queue and channel, so deployments can share a Redis. */
  redisNamespace: string
  /** Executions one `troupe worker` runs at once (queue mode). */
  workerConcurrency: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Believe `X-Forwarded-For`/`-Proto` (only behind a proxy that sets them). */
  trustProxy: boolean
  /** Browser origins allowed to call the API cross-origin; none by default. */
  corsOrigins: string[]
  /** Requests per minute per user or API key (and per IP before authentication). */
  rateLimitPerMinute: number
  /** Failed logins per account and per IP within 15 minutes before login is refused. */
  loginAttemptsPer15Minutes: number
  /** A request that has not finished after this long is answered 503. */
  requestTimeoutMs: number
  /** Executions of one tenant running (or queued) at once. */
  tenantMaxConcurrentExecutions: number
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  metricsToken?: string
  /** Port of the worker's `/metrics` (workers serve nothing else); none by default. */
  metricsPort?: number
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string
  ) {
    super(`Invalid configuration: ${variable} ${problem}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`)
  return value
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  throw new ConfigError(name, `must be true or false, got "${raw}"`)
}

function redisNamespace(env: Env): string {
  const raw = env.TROUPE_REDIS_NAMESPACE || 'troupe'
  if (!/^[A-Za-z0-9_-]{1,50}$/.test(raw)) throw new ConfigError('TROUPE_REDIS_NAMESPACE', 'must be 1 to 50 letters, digits, _ or -')
  return raw
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, 'must be a URL')
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`)
  }
  return raw
}

/**
 * A MongoDB connection string. Not parsed as a URL: a replica set names several hosts
 * (`mongodb://a:27017,b:27017/troupe`), which a URL cannot; the driver checks the rest when the
 * log store connects at start, and its errors name MONGODB_URL too. Never echoed: it may hold a
 * password.
 */
function mongodbUrl(env: Env): string | undefined {
  const raw = env.MONGODB_URL
  if (raw === undefined || raw === '') return undefined
  if (!/^mongodb(\+srv)?:\/\/[^/?#\s]+/.test(raw)) throw new ConfigError('MONGODB_URL', 'must be a MongoDB connection string: mongodb://host[:port][,host...]/database or mongodb+srv://host/database')
  return raw
}

function secretKey(env: Env): string | undefined {
  const raw = env.TROUPE_SECRET_KEY
  if (raw === undefined || raw === '') return undefined
  if (raw.length < 32) throw new ConfigError('TROUPE_SECRET_KEY', 'must be at least 32 characters')
  return raw
}

/** Reads and validates the configuration; throws a `ConfigError` naming the bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): TroupeConfig {
  const logLevel = (env.LOG_LEVEL || 'info') as TroupeConfig['logLevel']
  if (!logLevels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${logLevels.join(', ')}`)
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])

  return {
    port: integer(env, 'PORT', 3030, 0, 65535),
    host: env.HOST || (databaseUrl ? '0.0.0.0' : '127.0.0.1'),
    dataDir: path.resolve(cwd, env.TROUPE_DATA_DIR || './data'),
    databaseUrl,
    preparedStatements: flag(env, 'TROUPE_PREPARED_STATEMENTS', true),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    mongodbUrl: mongodbUrl(env),
    secretKey: secretKey(env),
    plugins: (env.TROUPE_PLUGINS || '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    dockerHost: env.DOCKER_HOST || undefined,
    openaiBaseUrl: url(env, 'OPENAI_BASE_URL', ['http:', 'https:']),
    openaiApiKey: env.OPENAI_API_KEY || undefined,
    accessTokenTtlSeconds: integer(env, 'TROUPE_ACCESS_TOKEN_TTL', 900, 10, 86400),
    refreshTokenTtlSeconds: integer(env, 'TROUPE_REFRESH_TOKEN_TTL', 30 * 86400, 60, 365 * 86400),
    bcryptRounds: integer(env, 'TROUPE_BCRYPT_ROUNDS', 10, 4, 15),
    allowLoopback: flag(env, 'TROUPE_ALLOW_LOOPBACK', true),
    allowPrivateNetworks: flag(env, 'TROUPE_ALLOW_PRIVATE_NETWORKS', false),
    executionLeaseMs: integer(env, 'TROUPE_EXECUTION_LEASE_MS', 30_000, 500, 3_600_000),
    webhookWaitMs: integer(env, 'TROUPE_WEBHOOK_WAIT_MS', 30_000, 0, 600_000),
    workerConcurrency: integer(env, 'TROUPE_WORKER_CONCURRENCY', 10, 1, 1000),
    redisNamespace: redisNamespace(env),
    logLevel,
    trustProxy: flag(env, 'TROUPE_TRUST_PROXY', false),
    corsOrigins: (env.TROUPE_CORS_ORIGINS || '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    rateLimitPerMinute: integer(env, 'TROUPE_RATE_LIMIT', 100, 1, 1_000_000),
    loginAttemptsPer15Minutes: integer(env, 'TROUPE_LOGIN_ATTEMPTS', 10, 1, 10_000),
    requestTimeoutMs: integer(env, 'TROUPE_REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000),
    tenantMaxConcurrentExecutions: integer(env, 'TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS', 50, 1, 100_000),
    metricsToken: env.TROUPE_METRICS_TOKEN || undefined,
    metricsPort: env.TROUPE_METRICS_PORT ? integer(env, 'TROUPE_METRICS_PORT', 0, 0, 65535) : undefined
  }
}
