import type { Knex } from 'knex'
import type { Logger } from 'pino'
import type { LogStore } from '@troupe/sdk/plugin'
import { ConfigError, type TroupeConfig } from '../config/load-config.js'
import type { PluginRegistry } from '../plugins/plugin-registry.js'
import { PostgresLogStore } from './postgres-log-store.js'
import { redactUrl } from './redact-url.js'

/** The plugin that contributes the `mongodb` log store (a built-in one). */
const mongodbPlugin = '@troupe/plugin-store-mongodb'

/**
 * The log store the configuration selects: with `MONGODB_URL`, the `mongodb` store a plugin
 * contributes (connected now, so a bad URL or an unreachable server stops the start with an error
 * naming `MONGODB_URL`, never showing its password); else the tenants' PostgreSQL schemas.
 */
export async function openLogStore(config: TroupeConfig, plugins: PluginRegistry, knex: Knex, logger: Logger): Promise<LogStore> {
  const url = config.mongodbUrl
  if (!url) return new PostgresLogStore(knex)
  const kind = plugins.logStores.get('mongodb')?.kind
  if (!kind) throw new ConfigError('MONGODB_URL', `is set, but no loaded plugin provides the mongodb log store (${mongodbPlugin})`)
  let store: LogStore
  try {
    store = await kind.open({ url, logger: logger.child({ logStore: kind.id }) })
  } catch (error) {
    throw new ConfigError('MONGODB_URL', `does not lead to a usable MongoDB: ${redactUrl((error as Error).message, url)}`)
  }
  logger.info({ logStore: store.name }, 'execution events and chat messages are stored in MongoDB')
  return store
}
