import { describe, expect, it } from 'vitest'
import { refreshDelay, tokenExpiry } from './token-expiry.ts'

const base64url = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

describe('tokenExpiry', () => {
  it('reads exp from the payload of a JWT', () => {
    const token = `${base64url({ alg: 'HS256' })}.${base64url({ exp: 1_800_000_000, sub: 'ü-user' })}.sig`
    expect(tokenExpiry(token)).toBe(1_800_000_000_000)
  })

  it('is undefined for something that is not a JWT', () => {
    expect(tokenExpiry('trp_abc')).toBeUndefined()
    expect(tokenExpiry('a.%%%.c')).toBeUndefined()
  })
})

describe('refreshDelay', () => {
  it('refreshes a minute before a 15-minute token expires', () => {
    expect(refreshDelay(15 * 60_000, 0)).toBe(14 * 60_000)
  })

  it('keeps a fifth of the lifetime as margin for short tokens, and waits at least 5 s', () => {
    expect(refreshDelay(100_000, 0)).toBe(80_000)
    expect(refreshDelay(1_000, 0)).toBe(5_000)
  })

  it('never exceeds what setTimeout can wait', () => {
    expect(refreshDelay(2_000_000_000_000, 0)).toBe(2 ** 31 - 1)
  })
})
