import { createClient, type TroupeClient } from '@troupe/sdk'
import { retryOnExpiredToken } from './retry-on-expired-token.ts'
import { retryOnRateLimit } from './retry-on-rate-limit.ts'
import { reuseRecentFinds } from './reuse-recent-finds.ts'

let client: TroupeClient | undefined
let refreshSession: (() => Promise<boolean>) | undefined

/**
 * The one Troupe client of the page, over Socket.IO (live service events arrive on the same
 * connection). Every micro-frontend gets the same instance through the import map.
 */
export function useApi(): TroupeClient {
  if (!client) {
    client = createClient(window.location.origin, { transport: 'socket' })
    // Innermost, list reads are reused: a retry calls again through it after the refused read was forgotten.
    client.hooks({ around: { all: [retryOnRateLimit(), retryOnExpiredToken(() => refreshSession?.() ?? Promise.resolve(false)), reuseRecentFinds()] } })
  }
  return client
}

/**
 * How the client renews an expired session before retrying a refused call: the session store
 * hands its own refresh in, so this module needs no import of the store (which imports it).
 */
export function setSessionRefresher(refresher: (() => Promise<boolean>) | undefined): void {
  refreshSession = refresher
}

/** Replaces the client (tests pass a fake one). */
export function setApi(replacement: TroupeClient | undefined): void {
  client = replacement
}
