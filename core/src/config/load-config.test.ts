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
  })

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be between/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must use postgres/],
    ['REDIS_URL', 'not a url', /REDIS_URL must be a URL/],
    ['TROUPE_SECRET_KEY', 'short', /TROUPE_SECRET_KEY must be at least 32/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['TROUPE_ALLOW_LOOPBACK', 'maybe', /TROUPE_ALLOW_LOOPBACK must be true or false/]
  ])('refuses a bad %s', (variable, value, message) => {
    const attempt = () => loadConfig({ [variable]: value })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(message)
  })
})
