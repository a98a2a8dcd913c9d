import { createClient, type TroupeClient } from '@troupe/sdk'
import { retryOnExpiredToken } from './retry-on-expired-token.ts'

let client: TroupeClient | undefined

/**
 * The one Troupe client of the page, over Socket.IO (live service events arrive on the same
 * connection). Every micro-frontend gets the same instance through the import map.
 */
export function useApi(): TroupeClient {
  if (!client) {
    client = createClient(window.location.origin, { transport: 'socket' })
    client.hooks({ around: { all: [retryOnExpiredToken] } })
  }
  return client
}

/** Replaces the client (tests pass a fake one). */
export function setApi(replacement: TroupeClient | undefined): void {
  client = replacement
}
