import type { Knex } from 'knex'
import { describe, expect, it } from 'vitest'
import { definePlugin } from '@troupe/sdk/plugin'
import { ConfigError } from '../config/load-config.js'
import { createLogger } from '../logger.js'
import { loadPlugins } from '../plugins/load-plugins.js'
import { openLogStore } from './open-log-store.js'

// Choosing the log store at start. No MongoDB runs here: these only check the way there (the
// built-in plugin's setting, the real driver against a closed port), the errors and what reaches
// the logs.

const password = 'hunter2-NEVER-LOGGED'
const logLines: string[] = []
const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) })
const noKnex = {} as Knex

describe('openLogStore', () => {
  it('keeps the logs in PostgreSQL without MONGODB_URL', async () => {
    const plugins = await loadPlugins([], process.cwd(), ['@troupe/plugin-store-mongodb'])
    plugins.readSettings({})
    const store = await openLogStore(plugins, noKnex, logger)
    expect(store.name).toBe('postgres')
    expect(store.executionEvents.inline).toBe(true)
  })

  it('refuses two settings that each select a log store, naming both variables', async () => {
    const other = definePlugin({
      id: 'store-other',
      version: '1.0.0',
      apiVersion: '^2.0.0',
      settings: { type: 'object', properties: { address: { type: 'string' } } },
      contributes: { logStores: [{ id: 'other', selectedBy: 'address', open: async () => ({}) as never }] }
    })
    const plugins = await loadPlugins([], process.cwd(), ['@troupe/plugin-store-mongodb'])
    plugins.add(other, 'test')
    plugins.readSettings({ MONGODB_URL: `mongodb://troupe:${password}@127.0.0.1:1/troupe`, TROUPE_STORE_OTHER_ADDRESS: 'other://x' })
    const opening = openLogStore(plugins, noKnex, logger)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(/MONGODB_URL and TROUPE_STORE_OTHER_ADDRESS both select a log store \(mongodb, other\)/)
  })

  it.each([
    ['no server answers', `mongodb://troupe:${password}@127.0.0.1:1/troupe`, /MONGODB_URL does not lead to a usable mongodb log store: MongoDB did not answer/],
    ['the driver cannot read it', `mongodb://troupe:${password}@127.0.0.1:1/troupe?w=banana&unknownOption=1`, /MONGODB_URL does not lead to a usable mongodb log store: it is not a valid MongoDB connection string/]
  ])('stops the start when %s, naming MONGODB_URL and never its password', async (_case, url, message) => {
    const plugins = await loadPlugins([], process.cwd(), ['@troupe/plugin-store-mongodb'])
    plugins.readSettings({ MONGODB_URL: url })
    const error = (await openLogStore(plugins, noKnex, logger).catch((failure: unknown) => failure)) as Error
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain(password)
    expect(logLines.join('\n')).not.toContain(password)
  }, 20_000)

  it('reads a MongoDB connection string from MONGODB_URL or TROUPE_STORE_MONGODB_URL, replica sets included, and never shows a bad one', async () => {
    const plugins = await loadPlugins([], process.cwd(), ['@troupe/plugin-store-mongodb'])
    for (const url of ['mongodb://troupe:pw@a:27017,b:27017/troupe?replicaSet=rs0', 'mongodb+srv://troupe:pw@cluster0.example.net/troupe']) {
      plugins.readSettings({ MONGODB_URL: url })
      expect(plugins.pluginContext('store-mongodb').settings.url).toBe(url)
      plugins.readSettings({ TROUPE_STORE_MONGODB_URL: url })
      expect(plugins.pluginContext('store-mongodb').settings.url).toBe(url)
    }
    for (const bad of ['mongo://troupe:hunter2-secret@db/troupe', 'postgres://u:hunter2-secret@db/troupe', 'mongodb://']) {
      const refusal = (() => {
        try {
          plugins.readSettings({ MONGODB_URL: bad })
        } catch (error) {
          return error as Error
        }
      })()
      expect(refusal).toBeInstanceOf(ConfigError)
      expect(refusal!.message).toMatch(/^Invalid configuration: MONGODB_URL must match pattern .*\(a setting of plugin "store-mongodb"\)/)
      expect(refusal!.message).not.toContain('hunter2')
    }
  })
})
