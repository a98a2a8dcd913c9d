import { describe, expect, it } from 'vitest'
import { createRedactor, redactSecrets } from './redact-secrets.js'

const redactValue = (value: unknown, secrets: string[]) => createRedactor(secrets).value(value)

const secret = 'p@ss w/rd+"quoted"\\back-é€😀&=?#'
const plainSecret = 'sk-LEAK-0123456789abcdef'

const b64 = (text: string) => Buffer.from(text).toString('base64')
const b64url = (text: string) => Buffer.from(text).toString('base64url')

describe('redactSecrets', () => {
  it.each([
    ['plain', secret],
    ['encodeURIComponent', encodeURIComponent(secret)],
    ['encodeURIComponent, lower-case hex', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())],
    ['encodeURI', encodeURI(secret)],
    ['a form (+ for a space)', new URLSearchParams({ q: secret }).toString().slice(2)],
    ['JSON as JavaScript escapes it', JSON.stringify(secret).slice(1, -1)],
    ['JSON with non-ASCII escaped, as Python writes it', '"p@ss w/rd+\\"quoted\\"\\\\back-\\u00e9\\u20ac\\ud83d\\ude00&=?#"'.slice(1, -1)],
    ['JSON with non-ASCII and / escaped, as PHP writes it', 'p@ss w\\/rd+\\"quoted\\"\\\\back-\\u00e9\\u20ac\\ud83d\\ude00&=?#'],
    ['base64 of the secret', b64(secret)],
    ['base64url of the secret', b64url(secret)],
    ['base64 of the secret without padding', b64(secret).replace(/=+$/, '')]
  ])('removes the secret written %s', (_form, written) => {
    const text = `before ${written} after`
    const redacted = redactSecrets(text, { token: secret })
    expect(redacted).toBe('before [redacted] after')
  })

  it.each(['', 'a', 'ab', 'abc', 'user', 'a-much-longer-user-name'])('removes Basic credentials base64(%j:secret), whatever the user name length', (user) => {
    const header = `Authorization: Basic ${b64(`${user}:${plainSecret}`)}`
    expect(redactSecrets(header, [plainSecret])).toBe('Authorization: Basic [redacted]')
  })

  it('finds base64 of a secret glued to other letters, at any offset', () => {
    for (const prefix of ['x', 'xy', 'xyz', 'wxyz']) {
      const text = `${prefix}${b64(`::${plainSecret}::`)}`
      expect(createRedactor([plainSecret]).contains(text), prefix).toBe(true)
    }
  })

  it('leaves other text alone, short values included', () => {
    expect(redactSecrets('nothing to see: c2stb3RoZXI= abc', { token: plainSecret, tiny: 'abc' })).toBe('nothing to see: c2stb3RoZXI= abc')
    expect(redactSecrets('text', {})).toBe('text')
  })

  it('replaces every occurrence and the longest form first', () => {
    expect(redactSecrets(`${plainSecret}|${plainSecret}|${encodeURIComponent('a b c d')}`, [plainSecret, 'a b c d'])).toBe('[redacted]|[redacted]|[redacted]')
  })
})

describe('redactValue', () => {
  it('redacts strings and keys at any depth, without touching other values', () => {
    const value = { [plainSecret]: [1, true, null, { echo: `Bearer ${plainSecret}`, basic: b64(`u:${plainSecret}`) }], n: 2 }
    expect(redactValue(value, [plainSecret])).toEqual({ '[redacted]': [1, true, null, { echo: 'Bearer [redacted]', basic: '[redacted]' }], n: 2 })
    expect(value[plainSecret][3]).toMatchObject({ echo: `Bearer ${plainSecret}` })
  })

  it('handles JSON nested deeper than the call stack', () => {
    let deep: unknown = plainSecret
    for (let depth = 0; depth < 30_000; depth++) deep = [deep]
    let inner = redactValue(deep, [plainSecret]) as unknown
    while (Array.isArray(inner)) inner = inner[0]
    expect(inner).toBe('[redacted]')
  })

  it('keeps a __proto__ key a plain key', () => {
    const parsed = JSON.parse(`{"__proto__": {"polluted": "${plainSecret}"}}`)
    const copy = redactValue(parsed, [plainSecret]) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: '[redacted]' })
  })
})
