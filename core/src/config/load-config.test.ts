import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './load-config.js'

describe('loadConfig', () => {
  it('uses the embedded defaults', () => {
    const config = loadConfig({}, '/srv')
    expect(config).toMatchObject({ port: 3030, host: '127.0.0.1', dataDir: '/srv/data', plugins: [] })
    expect(config.databaseUrl).toBeUndefined()
  })

  it('reads a PostgreSQL server and the plugin list', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/troupe', TROUPE_PLUGINS: 'a, ./b ,' })
    expect(config.databaseUrl).toBe('postgres://u@db/troupe')
    expect(config.plugins).toEqual(['a', './b'])
    expect(config.preparedStatements).toBe(true)
    expect(loadConfig({ TROUPE_PREPARED_STATEMENTS: 'false' }).preparedStatements).toBe(false)
  })

  it('bounds takeovers and node outputs', () => {
    expect(loadConfig({})).toMatchObject({ executionMaxTakeovers: 2, nodeOutputMaxBytes: 16 * 1024 * 1024 })
    expect(loadConfig({ TROUPE_EXECUTION_MAX_TAKEOVERS: '0', TROUPE_NODE_OUTPUT_MAX_BYTES: '1024' })).toMatchObject({ executionMaxTakeovers: 0, nodeOutputMaxBytes: 1024 })
    expect(() => loadConfig({ TROUPE_EXECUTION_MAX_TAKEOVERS: '-1' })).toThrow(/TROUPE_EXECUTION_MAX_TAKEOVERS must be an integer/)
    expect(() => loadConfig({ TROUPE_NODE_OUTPUT_MAX_BYTES: String(65 * 1024 * 1024) })).toThrow(/TROUPE_NODE_OUTPUT_MAX_BYTES must be between 1024 and 67108864/)
  })

  it('caps connections per client and bounds how long a request may take to arrive', () => {
    expect(loadConfig({}).connections).toEqual({
      httpPerIp: 200,
      socketsPerIp: 50,
      sseStreamsPerIp: 20,
      sseStreamsPerUser: 10,
      headersTimeoutMs: 15_000,
      bodyTimeoutMs: 60_000,
      bodyMinBytesPerSecond: 1024,
      keepAliveTimeoutMs: 5_000
    })
    // Behind a trusted proxy the TCP cap would see only the proxy: off unless set.
    expect(loadConfig({ TROUPE_TRUST_PROXY: 'true' }).connections.httpPerIp).toBe(0)
    expect(loadConfig({ TROUPE_TRUST_PROXY: 'true', TROUPE_HTTP_CONNECTIONS_PER_IP: '5000' }).connections.httpPerIp).toBe(5000)
    expect(() => loadConfig({ TROUPE_HEADERS_TIMEOUT_MS: '20000', TROUPE_BODY_TIMEOUT_MS: '10000' })).toThrow(/TROUPE_BODY_TIMEOUT_MS must be at least TROUPE_HEADERS_TIMEOUT_MS/)
    expect(() => loadConfig({ TROUPE_SSE_STREAMS_PER_USER: '-1' })).toThrow(/TROUPE_SSE_STREAMS_PER_USER must be an integer/)
    expect(() => loadConfig({ TROUPE_KEEP_ALIVE_TIMEOUT_MS: '0' })).toThrow(/TROUPE_KEEP_ALIVE_TIMEOUT_MS must be between/)
  })

  it('keeps tenants off loopback by default and reads the operator allow-list of LLM endpoints', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ allowLoopback: false, allowPrivateNetworks: false, llmAllowedHosts: [], metricsHost: '127.0.0.1' })
    expect(loadConfig({ TROUPE_ALLOW_LOOPBACK: 'true' }).allowLoopback).toBe(true)
    expect(loadConfig({ TROUPE_LLM_ALLOWED_HOSTS: '127.0.0.1:11434, LocalHost:8080,[::1]:9000,127.1:11434,ollama:11434' }).llmAllowedHosts).toEqual([
      '127.0.0.1:11434',
      'localhost:8080',
      '[::1]:9000',
      '127.0.0.1:11434',
      'ollama:11434'
    ])
  })

  it.each(['127.0.0.1', 'http://127.0.0.1:11434', '127.0.0.1:11434/v1', 'user@host:1', 'host:70000', ':8080'])('refuses %j in TROUPE_LLM_ALLOWED_HOSTS', (entry) => {
    expect(() => loadConfig({ TROUPE_LLM_ALLOWED_HOSTS: entry })).toThrow(/TROUPE_LLM_ALLOWED_HOSTS must list host:port entries/)
  })

  it("reads the webhook and storage limits; a flow's webhook rate defaults to its tenant's", () => {
    expect(loadConfig({})).toMatchObject({
      tenantMaxStoredBytes: 1024 ** 3,
      webhookRateLimitPerMinute: 1200,
      webhookFlowRateLimitPerMinute: 1200,
      webhookMaxBodyBytes: 1024 ** 2,
      webhookSignatureToleranceSeconds: 300
    })
    expect(loadConfig({ TROUPE_WEBHOOK_RATE_LIMIT: '60' })).toMatchObject({ webhookRateLimitPerMinute: 60, webhookFlowRateLimitPerMinute: 60 })
    expect(loadConfig({ TROUPE_WEBHOOK_RATE_LIMIT: '60', TROUPE_WEBHOOK_FLOW_RATE_LIMIT: '6' }).webhookFlowRateLimitPerMinute).toBe(6)
    expect(() => loadConfig({ TROUPE_WEBHOOK_MAX_BODY_BYTES: '10' })).toThrow(/TROUPE_WEBHOOK_MAX_BODY_BYTES must be between 1024/)
    expect(() => loadConfig({ TROUPE_TENANT_MAX_STORED_BYTES: '1GB' })).toThrow(/TROUPE_TENANT_MAX_STORED_BYTES must be an integer/)
    expect(() => loadConfig({ TROUPE_WEBHOOK_SIGNATURE_TOLERANCE: '0' })).toThrow(/TROUPE_WEBHOOK_SIGNATURE_TOLERANCE must be between 10/)
  })

  it('limits API keys per user to 10 unless told otherwise', () => {
    expect(loadConfig({}).maxApiKeysPerUser).toBe(10)
    expect(loadConfig({ TROUPE_MAX_API_KEYS_PER_USER: '3' }).maxApiKeysPerUser).toBe(3)
  })

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be between/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must use postgres/],
    ['REDIS_URL', 'not a url', /REDIS_URL must be a URL/],
    ['TROUPE_SECRET_KEY', 'short', /TROUPE_SECRET_KEY must be at least 32/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['TROUPE_ALLOW_LOOPBACK', 'maybe', /TROUPE_ALLOW_LOOPBACK must be true or false/],
    ['TROUPE_PREPARED_STATEMENTS', 'sometimes', /TROUPE_PREPARED_STATEMENTS must be true or false/],
    ['TROUPE_MAX_API_KEYS_PER_USER', '0', /TROUPE_MAX_API_KEYS_PER_USER must be between 1/]
  ])('refuses a bad %s', (variable, value, message) => {
    const attempt = () => loadConfig({ [variable]: value })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(message)
  })
})
