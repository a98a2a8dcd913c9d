import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Application, Principal } from '../declarations.js'
import { sessionsRevokedEvent } from '../auth/sessions-revoked.js'

const relayed = Symbol.for('troupe.relayed')

// Answers of these services carry tokens or belong to one caller; they never leave the process.
const private_ = new Set(['authentication', 'signup', 'hooks/:flowId', 'execution-subscriptions', 'llm-providers/:providerId/test'])

// App events (not of a service) every instance must hear: they carry ids only.
const appEvents = [sessionsRevokedEvent]

interface RelayMessage {
  origin: string
  /** The service whose event this is; none for an app event. */
  path?: string
  event: string
  data: unknown
  principal?: Principal
}

export interface EventRelay {
  close(): Promise<void>
}

/**
 * Makes service events cross processes: every event a service emits here (as its external
 * version) is published on Redis, and events from other API instances and workers are emitted
 * here as if local, so channels deliver them to this instance's connections. The app events of
 * `appEvents` cross the same way.
 */
export async function startRedisEventRelay(app: Application, redisUrl: string, namespace: string): Promise<EventRelay> {
  const channel = `${namespace}:service-events`
  const origin = randomUUID()
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 })
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: 2 })
  const logger = app.get('logger')

  for (const path of Object.keys(app.services)) {
    if (private_.has(path)) continue
    const service = app.service(path as never) as unknown as {
      on(event: string, listener: (data: unknown, context?: Record<string | symbol, unknown>) => void): void
    }
    for (const event of ['created', 'updated', 'patched', 'removed']) {
      service.on(event, (data, context) => {
        if (!context || context[relayed]) return
        const params = context.params as { principal?: Principal } | undefined
        const message: RelayMessage = { origin, path, event, data: context.dispatch ?? data, principal: params?.principal }
        publisher.publish(channel, JSON.stringify(message)).catch((error: Error) => logger.warn({ err: error }, 'event relay publish failed'))
      })
    }
  }

  for (const event of appEvents) {
    app.on(event, (data: unknown, context?: Record<symbol, unknown>) => {
      if (context?.[relayed]) return
      const message: RelayMessage = { origin, event, data }
      publisher.publish(channel, JSON.stringify(message)).catch((error: Error) => logger.warn({ err: error }, 'event relay publish failed'))
    })
  }

  await subscriber.subscribe(channel)
  subscriber.on('message', (_channel: string, raw: string) => {
    const message = JSON.parse(raw) as RelayMessage
    if (message.origin === origin) return
    if (message.path === undefined) {
      if (appEvents.includes(message.event)) app.emit(message.event, message.data, { [relayed]: true })
      return
    }
    if (!(message.path in app.services)) return
    const context = { path: message.path, params: { principal: message.principal }, result: message.data, [relayed]: true }
    ;(app.service(message.path as never) as unknown as { emit(event: string, data: unknown, context: unknown): void }).emit(
      message.event,
      message.data,
      context
    )
  })

  return {
    close: async () => {
      subscriber.disconnect()
      publisher.disconnect()
    }
  }
}
