import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkSignature, checkSignedTimestamp, signWebhookBody } from './webhook-signature.js'

const secret = 'whsec-0123456789abcdef0123456789abcdef'
const body = Buffer.from('{"amount":100}')
const now = Date.UTC(2026, 0, 2, 3, 4, 5)
const timestamp = String(now / 1000)

describe('webhook signatures', () => {
  it('sign v1 as the documented HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body.toString()}`).digest('hex')
    expect(signWebhookBody(secret, timestamp, body)).toBe(`v1=${expected}`)
  })

  it('accept the right signature, among others (rotation), and answer it', () => {
    const right = signWebhookBody(secret, timestamp, body)
    expect(checkSignature(right, secret, timestamp, body)).toBe(right.slice(3))
    expect(checkSignature(`v0=abc, v1=${'0'.repeat(64)}, ${right.toUpperCase().replace('V1', 'v1')}`, secret, timestamp, body)).toBe(right.slice(3))
  })

  it.each([
    ['no header', undefined],
    ['another secret', signWebhookBody('another-secret-0123456789abcdef01', timestamp, body)],
    ['another timestamp', signWebhookBody(secret, Number(timestamp) + 1, body)],
    ['another body', signWebhookBody(secret, timestamp, '{"amount":1000}')],
    ['a short value', 'v1=abcd'],
    ['another scheme', signWebhookBody(secret, timestamp, body).replace('v1', 'v2')]
  ])('refuse %s with a 401', (_case, header) => {
    expect(() => checkSignature(header, secret, timestamp, body)).toThrow(expect.objectContaining({ code: 401 }))
  })

  it('accept timestamps within the tolerance either way, and nothing else', () => {
    expect(checkSignedTimestamp(String(now / 1000 - 300), now, 300)).toBe(String(now / 1000 - 300))
    expect(checkSignedTimestamp(String(now / 1000 + 300), now, 300)).toBe(String(now / 1000 + 300))
    for (const header of [undefined, String(now / 1000 - 301), String(now / 1000 + 301), '1e9', '-5', `${now / 1000}.5`, 'soon']) {
      expect(() => checkSignedTimestamp(header, now, 300), String(header)).toThrow(expect.objectContaining({ code: 401 }))
    }
  })
})
