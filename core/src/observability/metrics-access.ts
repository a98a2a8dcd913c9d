import { timingSafeEqual } from 'node:crypto'

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** Whether an `Authorization` header carries the metrics token (any value passes when there is none). */
export function carriesMetricsToken(authorization: string | undefined, token: string | undefined): boolean {
  return !token || sameText(authorization ?? '', `Bearer ${token}`)
}

/**
 * `/metrics` names every tenant and what it uses: on the API's own port it is served only with
 * `TROUPE_METRICS_TOKEN`; otherwise only on the separate `TROUPE_METRICS_PORT` listener.
 */
export const metricsNotServedHere = 'Metrics are not served on this port: set TROUPE_METRICS_TOKEN, or scrape TROUPE_METRICS_PORT'
