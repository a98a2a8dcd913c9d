/** When a JWT expires, in epoch milliseconds (undefined when it cannot be read). */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'))
    const exp = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}

/**
 * How long to wait before refreshing: a minute before expiry (a fifth of the lifetime for short
 * tokens), never less than five seconds.
 */
export function refreshDelay(expiresAt: number, now: number): number {
  const left = expiresAt - now
  const margin = Math.min(60_000, left / 5)
  // setTimeout takes at most 2^31-1 ms; a longer delay would fire at once.
  return Math.min(2 ** 31 - 1, Math.max(5_000, left - margin))
}
