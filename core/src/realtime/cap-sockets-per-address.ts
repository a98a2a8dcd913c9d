import { TooManyRequests } from '@feathersjs/errors'
import type { Server } from 'socket.io'
import { addressKey, socketAddress } from '../limits/client-address.js'
import { ConcurrencyCap } from '../limits/concurrency-cap.js'

/**
 * Refuses a Socket.IO connection in its handshake when its client address (`X-Forwarded-For`
 * behind a trusted proxy) already holds `limit` of them: the client gets a `connect_error` saying
 * so (`data.limit`), and the transport underneath is closed rather than left to time out.
 */
export function capSocketsPerAddress(io: Server, limit: number, trustProxy: boolean, onRefused: () => void): void {
  if (limit === 0) return
  const cap = new ConcurrencyCap(limit)
  io.use((socket, next) => {
    const release = cap.acquire(addressKey(socketAddress(socket.handshake, trustProxy)))
    if (!release) {
      onRefused()
      next(new TooManyRequests(`Too many Socket.IO connections from this address (at most ${limit})`, { limit }))
      // After the refusal has been queued for the client (Socket.IO sends it on the next tick).
      setImmediate(() => socket.conn.close())
      return
    }
    socket.conn.once('close', release)
    next()
  })
}
