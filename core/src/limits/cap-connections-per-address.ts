import type { Server } from 'node:http'
import { addressKey } from './client-address.js'
import { ConcurrencyCap } from './concurrency-cap.js'

/**
 * Refuses a TCP connection the moment it is accepted when its peer address already holds `limit`
 * open ones: reset and dropped before a byte is parsed, so a flood of idle or slow connections
 * from one address costs little and leaves room for everyone else. Only the socket's peer is
 * known here (no header has arrived yet), which is why the cap is off behind a trusted proxy.
 */
export function capConnectionsPerAddress(server: Server, limit: number, onRefused: () => void): void {
  if (limit === 0) return
  const cap = new ConcurrencyCap(limit)
  server.on('connection', (socket) => {
    const release = cap.acquire(addressKey(socket.remoteAddress))
    if (!release) {
      onRefused()
      socket.resetAndDestroy()
      return
    }
    socket.once('close', release)
  })
}
