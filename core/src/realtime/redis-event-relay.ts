import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Application, Principal } from '../declarations.js'

const relayed = Symbol.for('troupe.relayed')

// Answers of these services carry tokens or belong to one caller; they never leave the process.
const private_ = new Set(['authentication', 'signup', 'hooks/:flowId', 'execution-subscriptions', 'llm-providers/:providerId/test'])

interface RelayMessage {
  origin: string
  path: string
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
 * here as if local, so channels deliver them to this instance's connections.
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

  await subscriber.subscribe(channel)
  subscriber.on('message', (_channel: string, raw: string) => {
    const message = JSON.parse(raw) as RelayMessage
    if (message.origin === origin || !(message.path in app.services)) return
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
