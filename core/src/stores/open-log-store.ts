import type { Knex } from 'knex'
import type { Logger } from 'pino'
import type { LogStore } from '@troupe/sdk/plugin'
import { ConfigError } from '../config/load-config.js'
import type { PluginRegistry } from '../plugins/plugin-registry.js'
import { PostgresLogStore } from './postgres-log-store.js'
import { redactUrl } from './redact-url.js'

/**
 * The log store the configuration selects: the store whose plugin setting `selectedBy` the operator
 * set (`MONGODB_URL` for the `mongodb` store), connected now, so a bad URL or an unreachable server
 * stops the start with an error naming the variable, never showing its password; else the
 * tenants' PostgreSQL schemas. Two selected stores stop the start, naming both variables.
 */
export async function openLogStore(plugins: PluginRegistry, knex: Knex, logger: Logger): Promise<LogStore> {
  const selected = [...plugins.logStores.values()].flatMap(({ plugin, kind }) => {
    const url = kind.selectedBy ? plugins.pluginContext(plugin).settings[kind.selectedBy] : undefined
    return typeof url === 'string' && url ? [{ kind, url, variable: plugins.settingSource(plugin, kind.selectedBy!) }] : []
  })
  if (selected.length > 1) {
    const [first, second] = selected
    throw new ConfigError(first.variable, `and ${second.variable} both select a log store (${first.kind.id}, ${second.kind.id}); set one of them`)
  }
  if (!selected.length) return new PostgresLogStore(knex)
  const [{ kind, url, variable }] = selected
  let store: LogStore
  try {
    store = await kind.open({ url, logger: logger.child({ logStore: kind.id }) })
  } catch (error) {
    throw new ConfigError(variable, `does not lead to a usable ${kind.id} log store: ${redactUrl((error as Error).message, url)}`)
  }
  logger.info({ logStore: store.name }, `execution events and chat messages are stored in the ${kind.id} log store`)
  return store
}
