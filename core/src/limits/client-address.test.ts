import { describe, expect, it } from 'vitest'
import { addressKey, socketAddress } from './client-address.js'

describe('addressKey', () => {
  it('keys an IPv4 address by itself, plain or IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7')
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7')
  })

  it('keys every address of one IPv6 /64 alike, and another /64 apart', () => {
    const key = addressKey('2001:db8:1:2::1')
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(key)
    expect(addressKey('2001:0db8:0001:0002:0:0:0:abcd')).toBe(key)
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key)
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })

  it('keeps what is not an address as it is', () => {
    expect(addressKey(undefined)).toBe('unknown')
    expect(addressKey('')).toBe('unknown')
    expect(addressKey('not an address')).toBe('not an address')
  })
})

describe('socketAddress', () => {
  const handshake = { address: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.1, 10.0.0.1' } }

  it('believes X-Forwarded-For only behind a trusted proxy', () => {
    expect(socketAddress(handshake, false)).toBe('127.0.0.1')
    expect(socketAddress(handshake, true)).toBe('198.51.100.1')
  })
})
