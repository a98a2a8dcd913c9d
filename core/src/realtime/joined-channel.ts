import type { Channel } from '@feathersjs/transport-commons'
import type { Application } from '../declarations.js'

// Where `@feathersjs/transport-commons` keeps the app's channels by name (a registered symbol).
const channelsKey = Symbol.for('@feathersjs/transport-commons/channels')

/**
 * The channel `name` when at least one connection is in it. Unlike `app.channel(name)`, it never
 * creates the channel: transport-commons drops a channel only when its last connection leaves, so
 * a channel made for an execution nobody watches would stay in memory for good.
 */
export function joinedChannel(app: Application, name: string): Channel | undefined {
  const channels = (app as unknown as Record<symbol, Record<string, Channel> | undefined>)[channelsKey]
  const channel = channels?.[name]
  return channel && channel.length > 0 ? channel : undefined
}
