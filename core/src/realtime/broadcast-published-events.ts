import { isDeepStrictEqual } from 'node:util'
import type { RealTimeConnection } from '@feathersjs/feathers'
import type { CombinedChannel } from '@feathersjs/transport-commons'
import type { Server, Socket } from 'socket.io'
import type { Application } from '../declarations.js'

interface PublishContext {
  path?: string
  dispatch?: unknown
  result?: unknown
}

type Publish = (event: string, channel: CombinedChannel, context: PublishContext, data: unknown) => void

/**
 * Delivers published service events with Socket.IO's broadcast, so a packet is encoded and framed
 * once per distinct payload and written to every socket that gets it. Feathers' own dispatcher
 * (`@feathersjs/transport-commons`) calls `socket.emit` for each connection, encoding the same
 * packet again for each one, which is most of the cost of a fan-out to many subscribers.
 *
 * What a client receives does not change: channels and publishers still decide who gets an
 * event, and each connection gets the same event name (`<service path> <event>`) and payload
 * (its channel's data, else the call's `dispatch`, else its `result`) as from Feathers' dispatcher.
 * Call it from the Socket.IO configuration callback, once the transport has registered its own.
 */
export function broadcastPublishedEvents(app: Application, io: Server): void {
  const emitter = app as unknown as {
    listeners(event: 'publish'): Publish[]
    removeListener(event: 'publish', listener: Publish): void
    on(event: 'publish', listener: Publish): void
  }
  const dispatchers = emitter.listeners('publish')
  // One listener, the transport's: anything else means Feathers changed, and events would go out twice.
  if (dispatchers.length !== 1) throw new Error(`expected one 'publish' listener (Feathers' Socket.IO dispatcher), found ${dispatchers.length}`)
  emitter.removeListener('publish', dispatchers[0])

  const socketIds = new WeakMap<RealTimeConnection, string>()
  io.use((socket: Socket, next) => {
    socketIds.set((socket as unknown as { feathers: RealTimeConnection }).feathers, socket.id)
    next()
  })

  emitter.on('publish', (event, channel, context, data) => {
    const eventName = `${context.path || ''} ${event}`.trim()
    const byPayload = new Map<unknown, string[]>()
    for (const connection of channel.connections) {
      const id = socketIds.get(connection)
      if (!id) continue
      let payload = channel.dataFor(connection) || context.dispatch || context.result
      // An event of one item out of a multi-item call: send that item, as Feathers does.
      if (!Array.isArray(data) && Array.isArray(context.result) && Array.isArray(payload)) payload = payload.find((item) => isDeepStrictEqual(item, data))
      const ids = byPayload.get(payload)
      if (ids) ids.push(id)
      else byPayload.set(payload, [id])
    }
    for (const [payload, ids] of byPayload) io.to(ids).emit(eventName, payload)
  })
}
