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
  /** 32-byte key for encryption and signing; generated into `dataDir` in embedded mode when absent. */
  secretKey?: string
  plugins: string[]
  /**
   * The environment plugins' settings are read from (`TROUPE_<PLUGIN>_<SETTING>`, or an older name
   * a setting documents in `x-troupe-env-aliases`, such as `OPENAI_BASE_URL`). A plugin reads only
   * the variables of the settings it declares.
   */
  pluginEnv: Record<string, string>
  /** Ids of built-in plugins not to load (`TROUPE_DISABLE_PLUGINS`). */
  disabledPlugins: string[]
  dockerHost?: string
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  bcryptRounds: number
  /** Outbound calls (LLM endpoints, HTTP and MCP tools) may reach loopback addresses; off by default. */
  allowLoopback: boolean
  /**
   * `host:port` endpoints LLM providers (and only they) may reach on loopback or private
   * addresses, such as a local model server (`TROUPE_LLM_ALLOWED_HOSTS`); normalised by `new URL`.
   */
  llmAllowedHosts: string[]
  /**
   * `host:port` endpoints tenants' SSO issuers (and only they) may reach on loopback or private
   * addresses, and over plain http (`TROUPE_SSO_ALLOWED_HOSTS`): an identity provider inside the
   * operator's network.
   */
  ssoAllowedHosts: string[]
  /** Outbound calls may reach private ranges (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10). */
  allowPrivateNetworks: boolean
  /** How long a runner's claim on an execution lasts without renewal (crash detection). */
  executionLeaseMs: number
  /** Takeovers after which an execution that keeps stopping its runners fails instead of running again. */
  executionMaxTakeovers: number
  /** Largest output (serialized) one node may produce; a larger one fails the node before it is stored. */
  nodeOutputMaxBytes: number
  /** Most one execution may store (inputs, outputs, events, as JSON); past it the execution fails. */
  executionMaxStoredBytes: number
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
  /** API keys one user may hold at once (unexpired); a key shares its user's request budget. */
  maxApiKeysPerUser: number
  /** A request that has not finished after this long is answered 503. */
  requestTimeoutMs: number
  /** Connection caps and receive deadlines of the HTTP listener (see `connectionLimits`). */
  connections: ConnectionLimits
  /** Executions of one tenant running (or queued) at once. */
  tenantMaxConcurrentExecutions: number
  /**
   * Bytes one tenant's execution history may take (its executions, node states and events);
   * the default and the most a tenant admin may set (`maxStoredBytes`).
   */
  tenantMaxStoredBytes: number
  /** Days a finished execution is kept (a tenant may set fewer). */
  historyMaxAgeDays: number
  /** Days a failed execution is kept (a tenant may set fewer). */
  historyFailedMaxAgeDays: number
  /** Finished executions kept per tenant, the newest (a tenant may set fewer). */
  historyMaxCount: number
  /** How often a process that runs executions prunes some tenants' history. */
  historyPruneIntervalMs: number
  /** How often an API instance reads the saved flows' plugin triggers again (changes made elsewhere). */
  triggerSyncMs: number
  /** How deep sub-flows may nest: a flow calling a flow ... this many levels below the first. */
  subflowMaxDepth: number
  /** Webhook calls per minute of one tenant, all its webhooks together; the default and the most a tenant may set. */
  webhookRateLimitPerMinute: number
  /** Webhook calls per minute of any one flow's webhook; the default and the most a tenant may set. */
  webhookFlowRateLimitPerMinute: number
  /** Largest webhook request body, in bytes; the default and the most a tenant may set. */
  webhookMaxBodyBytes: number
  /** How far a signed webhook call's timestamp may be from the server's clock (the replay window), in seconds. */
  webhookSignatureToleranceSeconds: number
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  metricsToken?: string
  /** Port of a listener serving only `/metrics` (API and workers alike); none by default. */
  metricsPort?: number
  /** Interface of that listener (`TROUPE_METRICS_HOST`, 127.0.0.1 unless configured). */
  metricsHost: string
  /** Worker threads evaluating tenants' expressions, schemas and patterns; a tenant holds at most half. */
  logicWorkers: number
  /** Heap of each of those workers, in MB: what one evaluation may use. */
  logicMemoryMb: number
  /** CPU time one evaluation of a tenant's expression, schema or pattern may use, in milliseconds. */
  logicTimeoutMs: number
  /** Largest value an expression may give, as JSON. */
  logicMaxResultBytes: number
  /** Scheduling priority (nice) of those workers, so tenants' logic yields the CPU to the server's own work. */
  logicNiceness: number
  /** Evaluations of one tenant that may run out of time or memory per minute before its evaluations are refused for the rest of it. */
  logicMaxExhaustedPerMinute: number
  /** CPU time of the logic workers one tenant may use per second (averaged over ten seconds). */
  logicCpuMsPerSecond: number
  /** Tools one tenant runs at once in one process; further calls wait their turn. */
  tenantMaxConcurrentToolRuns: number
  /** Where mail goes (`TROUPE_SMTP_URL`: `smtp://` or `smtps://`, credentials in the URL); without it links are logged. */
  smtpUrl?: string
  /** Sender of Troupe's mail (`TROUPE_MAIL_FROM`). */
  mailFrom: string
  /** The address people open the workspace at (`TROUPE_PUBLIC_URL`): links in mail point there. */
  publicUrl: string
  /** Password reset requests per address within 15 minutes (five times that per client IP). */
  passwordResetsPer15Minutes: number
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

/** Comma-separated `host:port` entries (`[::1]:8080` for IPv6), each normalised as a URL parser writes it. */
function hostPortList(env: Env, name: string): string[] {
  return (env[name] || '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const port = /:(\d{1,5})$/.exec(entry)?.[1]
      let hostname: string | undefined
      try {
        const parsed = new URL(`http://${entry}`)
        if (parsed.host.length && !parsed.pathname.slice(1) && !parsed.search && !parsed.username) hostname = parsed.hostname
      } catch {
        hostname = undefined
      }
      if (!port || !hostname || Number(port) > 65535) throw new ConfigError(name, `must list host:port entries, got "${entry}"`)
      return `${hostname}:${Number(port)}`
    })
}

function secretKey(env: Env): string | undefined {
  const raw = env.TROUPE_SECRET_KEY
  if (raw === undefined || raw === '') return undefined
  if (raw.length < 32) throw new ConfigError('TROUPE_SECRET_KEY', 'must be at least 32 characters')
  return raw
}

/** What one client may hold open, and how fast it must send a request (each API instance counts its own). */
export interface ConnectionLimits {
  /**
   * TCP connections per client address (`TROUPE_HTTP_CONNECTIONS_PER_IP`, 0: no cap). This cap sees
   * only the peer of the socket, so behind a trusted proxy it is off unless set: the proxy would be
   * the one peer, and capping it would cap everyone.
   */
  httpPerIp: number
  /** Socket.IO connections per client address (`X-Forwarded-For` behind a trusted proxy); 0: no cap. */
  socketsPerIp: number
  /** Open SSE streams per client address; 0: no cap. */
  sseStreamsPerIp: number
  /** Open SSE streams per user, its API keys' streams included; 0: no cap. */
  sseStreamsPerUser: number
  /** Time for a request's headers to arrive (slow-header clients are cut off with 408). */
  headersTimeoutMs: number
  /** Time for a whole request, headers and body, to arrive. */
  bodyTimeoutMs: number
  /** Slowest a body may arrive, in bytes per second, after a first `headersTimeoutMs` to start; 0: no floor. */
  bodyMinBytesPerSecond: number
  /** How long an idle keep-alive connection stays open (longer than the idle timeout of a proxy in front). */
  keepAliveTimeoutMs: number
}

function connectionLimits(env: Env, trustProxy: boolean): ConnectionLimits {
  const headersTimeoutMs = integer(env, 'TROUPE_HEADERS_TIMEOUT_MS', 15_000, 100, 600_000)
  const bodyTimeoutMs = integer(env, 'TROUPE_BODY_TIMEOUT_MS', 60_000, 100, 3_600_000)
  // Node refuses a headers timeout longer than the whole request's.
  if (bodyTimeoutMs < headersTimeoutMs) {
    throw new ConfigError('TROUPE_BODY_TIMEOUT_MS', `must be at least TROUPE_HEADERS_TIMEOUT_MS (${headersTimeoutMs}), got ${bodyTimeoutMs}`)
  }
  return {
    httpPerIp: integer(env, 'TROUPE_HTTP_CONNECTIONS_PER_IP', trustProxy ? 0 : 200, 0, 1_000_000),
    socketsPerIp: integer(env, 'TROUPE_SOCKETS_PER_IP', 50, 0, 1_000_000),
    sseStreamsPerIp: integer(env, 'TROUPE_SSE_STREAMS_PER_IP', 20, 0, 1_000_000),
    sseStreamsPerUser: integer(env, 'TROUPE_SSE_STREAMS_PER_USER', 10, 0, 1_000_000),
    headersTimeoutMs,
    bodyTimeoutMs,
    bodyMinBytesPerSecond: integer(env, 'TROUPE_BODY_MIN_RATE', 1024, 0, 1_000_000_000),
    keepAliveTimeoutMs: integer(env, 'TROUPE_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000)
  }
}

/** A tenant's share of the logic workers' CPU: ten seconds of it must hold at least one evaluation's budget. */
function logicCpuMsPerSecond(env: Env): number {
  const timeoutMs = integer(env, 'TROUPE_LOGIC_TIMEOUT_MS', 1000, 10, 60_000)
  const share = integer(env, 'TROUPE_LOGIC_CPU_MS_PER_SECOND', 200, 1, 64_000)
  if (share * 10 < timeoutMs) throw new ConfigError('TROUPE_LOGIC_CPU_MS_PER_SECOND', `must be at least a tenth of TROUPE_LOGIC_TIMEOUT_MS (${timeoutMs}), got ${share}`)
  return share
}

/** `TROUPE_PUBLIC_URL` without a trailing slash; by default the address the server listens on. */
function publicUrl(env: Env, host: string, port: number): string {
  const given = url(env, 'TROUPE_PUBLIC_URL', ['http:', 'https:'])
  if (given) return given.replace(/\/+$/, '')
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${reachable}:${port}`
}

/** Reads and validates the configuration; throws a `ConfigError` naming the bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): TroupeConfig {
  const logLevel = (env.LOG_LEVEL || 'info') as TroupeConfig['logLevel']
  if (!logLevels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${logLevels.join(', ')}`)
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])
  const webhookRateLimitPerMinute = integer(env, 'TROUPE_WEBHOOK_RATE_LIMIT', 1200, 1, 10_000_000)
  const port = integer(env, 'PORT', 3030, 0, 65535)
  const host = env.HOST || (databaseUrl ? '0.0.0.0' : '127.0.0.1')

  return {
    port,
    host,
    dataDir: path.resolve(cwd, env.TROUPE_DATA_DIR || './data'),
    databaseUrl,
    preparedStatements: flag(env, 'TROUPE_PREPARED_STATEMENTS', true),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    secretKey: secretKey(env),
    pluginEnv: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    plugins: (env.TROUPE_PLUGINS || '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    disabledPlugins: (env.TROUPE_DISABLE_PLUGINS || '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    dockerHost: env.DOCKER_HOST || undefined,
    accessTokenTtlSeconds: integer(env, 'TROUPE_ACCESS_TOKEN_TTL', 900, 10, 86400),
    refreshTokenTtlSeconds: integer(env, 'TROUPE_REFRESH_TOKEN_TTL', 30 * 86400, 60, 365 * 86400),
    bcryptRounds: integer(env, 'TROUPE_BCRYPT_ROUNDS', 10, 4, 15),
    allowLoopback: flag(env, 'TROUPE_ALLOW_LOOPBACK', false),
    llmAllowedHosts: hostPortList(env, 'TROUPE_LLM_ALLOWED_HOSTS'),
    ssoAllowedHosts: hostPortList(env, 'TROUPE_SSO_ALLOWED_HOSTS'),
    allowPrivateNetworks: flag(env, 'TROUPE_ALLOW_PRIVATE_NETWORKS', false),
    executionLeaseMs: integer(env, 'TROUPE_EXECUTION_LEASE_MS', 30_000, 500, 3_600_000),
    executionMaxTakeovers: integer(env, 'TROUPE_EXECUTION_MAX_TAKEOVERS', 2, 0, 100),
    // At most 64 MiB: a node's output is stored twice (its state and its event) and feeds the next
    // node's stored input, and PostgreSQL takes at most 256 MiB in one jsonb value.
    nodeOutputMaxBytes: integer(env, 'TROUPE_NODE_OUTPUT_MAX_BYTES', 16 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    executionMaxStoredBytes: integer(env, 'TROUPE_EXECUTION_MAX_STORED_BYTES', 128 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024 * 1024),
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
    maxApiKeysPerUser: integer(env, 'TROUPE_MAX_API_KEYS_PER_USER', 10, 1, 1000),
    requestTimeoutMs: integer(env, 'TROUPE_REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000),
    connections: connectionLimits(env, flag(env, 'TROUPE_TRUST_PROXY', false)),
    tenantMaxConcurrentExecutions: integer(env, 'TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS', 50, 1, 100_000),
    tenantMaxStoredBytes: integer(env, 'TROUPE_TENANT_MAX_STORED_BYTES', 1024 ** 3, 1024 ** 2, 1024 ** 5),
    historyMaxAgeDays: integer(env, 'TROUPE_HISTORY_MAX_AGE_DAYS', 14, 1, 36_500),
    historyFailedMaxAgeDays: integer(env, 'TROUPE_HISTORY_FAILED_MAX_AGE_DAYS', 30, 1, 36_500),
    historyMaxCount: integer(env, 'TROUPE_HISTORY_MAX_COUNT', 10_000, 1, 1_000_000_000),
    historyPruneIntervalMs: integer(env, 'TROUPE_HISTORY_PRUNE_INTERVAL_MS', 60_000, 100, 86_400_000),
    triggerSyncMs: integer(env, 'TROUPE_TRIGGER_SYNC_MS', 5_000, 100, 600_000),
    subflowMaxDepth: integer(env, 'TROUPE_SUBFLOW_MAX_DEPTH', 10, 1, 100),
    webhookRateLimitPerMinute,
    webhookFlowRateLimitPerMinute: integer(env, 'TROUPE_WEBHOOK_FLOW_RATE_LIMIT', webhookRateLimitPerMinute, 1, 10_000_000),
    webhookMaxBodyBytes: integer(env, 'TROUPE_WEBHOOK_MAX_BODY_BYTES', 1024 ** 2, 1024, 100 * 1024 ** 2),
    webhookSignatureToleranceSeconds: integer(env, 'TROUPE_WEBHOOK_SIGNATURE_TOLERANCE', 300, 10, 3600),
    metricsToken: env.TROUPE_METRICS_TOKEN || undefined,
    metricsPort: env.TROUPE_METRICS_PORT ? integer(env, 'TROUPE_METRICS_PORT', 0, 0, 65535) : undefined,
    metricsHost: env.TROUPE_METRICS_HOST || '127.0.0.1',
    logicWorkers: integer(env, 'TROUPE_LOGIC_WORKERS', 2, 1, 64),
    logicMemoryMb: integer(env, 'TROUPE_LOGIC_MEMORY_MB', 128, 32, 4096),
    logicTimeoutMs: integer(env, 'TROUPE_LOGIC_TIMEOUT_MS', 1000, 10, 60_000),
    logicMaxResultBytes: integer(env, 'TROUPE_LOGIC_MAX_RESULT_BYTES', 16 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    logicNiceness: integer(env, 'TROUPE_LOGIC_NICENESS', 10, 0, 19),
    logicMaxExhaustedPerMinute: integer(env, 'TROUPE_LOGIC_MAX_EXHAUSTED_PER_MINUTE', 20, 1, 100_000),
    logicCpuMsPerSecond: logicCpuMsPerSecond(env),
    tenantMaxConcurrentToolRuns: integer(env, 'TROUPE_TENANT_MAX_CONCURRENT_TOOL_RUNS', 8, 1, 10_000),
    smtpUrl: url(env, 'TROUPE_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.TROUPE_MAIL_FROM || 'Troupe <no-reply@troupe.invalid>',
    publicUrl: publicUrl(env, host, port),
    passwordResetsPer15Minutes: integer(env, 'TROUPE_PASSWORD_RESETS', 5, 1, 10_000)
  }
}
