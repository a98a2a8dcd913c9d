import { createHmac, timingSafeEqual } from 'node:crypto'
import { NotAuthenticated } from '@feathersjs/errors'

export const timestampHeader = 'x-troupe-timestamp'
export const signatureHeader = 'x-troupe-signature'

/** What a flow's signing secret is bound to when encrypted (`SecretBox`): it opens for that tenant and flow only. */
export const signingSecretContext = (tenantId: string, flowId: string) => `${tenantId}:webhook-signing-secret:${flowId}`

const hmac = (secret: string, timestamp: string, body: Buffer) => createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest()

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: what a sender puts in `X-Troupe-Signature`. */
export function signWebhookBody(secret: string, timestamp: number | string, body: Buffer | string): string {
  return `v1=${hmac(secret, String(timestamp), Buffer.from(body)).toString('hex')}`
}

/**
 * The call's `X-Troupe-Timestamp` (Unix seconds), refused when missing or further than
 * `toleranceSeconds` from `nowMs` either way: a captured call cannot be replayed later. Checked
 * before the body is read.
 */
export function checkSignedTimestamp(header: string | undefined, nowMs: number, toleranceSeconds: number): string {
  if (!header) throw new NotAuthenticated(`This webhook requires signed calls: the ${timestampHeader} header is missing`)
  if (!/^\d{1,12}$/.test(header)) throw new NotAuthenticated(`${timestampHeader} must be a Unix time in seconds`)
  if (Math.abs(nowMs / 1000 - Number(header)) > toleranceSeconds) {
    throw new NotAuthenticated(`${timestampHeader} is more than ${toleranceSeconds} seconds away from the server's time: sign each call when sending it`)
  }
  return header
}

/**
 * Checks `X-Troupe-Signature` against the raw body, in constant time. The header may list several
 * `v1=` values, comma-separated (a sender rotating its secret signs with both); one must match.
 * Answers the matching signature, which the caller remembers to refuse a replay.
 */
export function checkSignature(header: string | undefined, secret: string, timestamp: string, body: Buffer): string {
  if (!header) throw new NotAuthenticated(`This webhook requires signed calls: the ${signatureHeader} header is missing`)
  const expected = hmac(secret, timestamp, body)
  for (const part of header.split(',')) {
    const [scheme, value] = part.trim().split('=', 2)
    if (scheme !== 'v1' || !value || !/^[0-9a-f]{64}$/i.test(value)) continue
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) return value.toLowerCase()
  }
  throw new NotAuthenticated(`${signatureHeader} does not match the body: expected v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the flow's signing secret>`)
}
