import type { Knex } from 'knex'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config/load-config.js'
import { createLogger } from '../logger.js'
import { loadPlugins } from '../plugins/load-plugins.js'
import { openLogStore } from './open-log-store.js'

// Choosing the log store at start. No MongoDB runs here: these only check the way there (the
// built-in plugin, the real driver against a closed port), the errors and what reaches the logs.

const password = 'hunter2-NEVER-LOGGED'
const logLines: string[] = []
const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) })
const noKnex = {} as Knex

describe('openLogStore', () => {
  it('keeps the logs in PostgreSQL without MONGODB_URL', async () => {
    const store = await openLogStore(loadConfig({}), await loadPlugins([], process.cwd(), []), noKnex, logger)
    expect(store.name).toBe('postgres')
    expect(store.executionEvents.inline).toBe(true)
  })

  it('refuses MONGODB_URL when no loaded plugin provides the mongodb store', async () => {
    const opening = openLogStore(loadConfig({ MONGODB_URL: 'mongodb://127.0.0.1:1/troupe' }), await loadPlugins([], process.cwd(), []), noKnex, logger)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(/MONGODB_URL is set, but no loaded plugin provides the mongodb log store \(@troupe\/plugin-store-mongodb\)/)
  })

  it.each([
    ['no server answers', `mongodb://troupe:${password}@127.0.0.1:1/troupe`, /MONGODB_URL does not lead to a usable MongoDB: MongoDB did not answer/],
    ['the driver cannot read it', `mongodb://troupe:${password}@127.0.0.1:1/troupe?w=banana&unknownOption=1`, /MONGODB_URL does not lead to a usable MongoDB: it is not a valid MongoDB connection string/]
  ])('stops the start when %s, naming MONGODB_URL and never its password', async (_case, url, message) => {
    const plugins = await loadPlugins([], process.cwd(), ['@troupe/plugin-store-mongodb'])
    const error = (await openLogStore(loadConfig({ MONGODB_URL: url }), plugins, noKnex, logger).catch((failure: unknown) => failure)) as Error
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain(password)
    expect(logLines.join('\n')).not.toContain(password)
  }, 20_000)
})
