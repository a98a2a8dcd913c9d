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

  it('reads a MongoDB connection string, replica sets with several hosts included', () => {
    for (const url of ['mongodb://troupe:pw@a:27017,b:27017/troupe?replicaSet=rs0', 'mongodb+srv://troupe:pw@cluster0.example.net/troupe']) {
      expect(loadConfig({ MONGODB_URL: url }).mongodbUrl).toBe(url)
    }
    expect(loadConfig({}).mongodbUrl).toBeUndefined()
  })

  it('never shows a bad MONGODB_URL, which may hold a password', () => {
    expect(() => loadConfig({ MONGODB_URL: 'mongo://troupe:hunter2-secret@db/troupe' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }))
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
    ['MONGODB_URL', 'postgres://u:secret@db/troupe', /MONGODB_URL must be a MongoDB connection string/],
    ['MONGODB_URL', 'mongodb://', /MONGODB_URL must be a MongoDB connection string/]
  ])('refuses a bad %s', (variable, value, message) => {
    const attempt = () => loadConfig({ [variable]: value })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(message)
  })
})
