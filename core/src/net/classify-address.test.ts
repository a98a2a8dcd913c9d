import { describe, expect, it } from 'vitest'
import { classifyAddress } from './classify-address.js'
import { assertAddressAllowed } from './network-policy.js'

describe('classifyAddress', () => {
  it.each([
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12::1', 'private'],
    ['100.64.0.1', 'private'],
    ['224.0.0.1', 'multicast'],
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public']
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected)
  })
})

describe('assertAddressAllowed', () => {
  const strict = { allowLoopback: false, allowPrivateNetworks: false }
  const local = { allowLoopback: true, allowPrivateNetworks: false }

  it('never allows metadata or link-local, whatever the policy', () => {
    const open = { allowLoopback: true, allowPrivateNetworks: true }
    expect(() => assertAddressAllowed('169.254.169.254', open)).toThrow(/metadata/)
    expect(() => assertAddressAllowed('169.254.1.1', open)).toThrow(/link-local/)
  })

  it('allows loopback and private ranges only when told to', () => {
    expect(() => assertAddressAllowed('127.0.0.1', strict)).toThrow(/loopback/)
    expect(() => assertAddressAllowed('127.0.0.1', local)).not.toThrow()
    expect(() => assertAddressAllowed('10.0.0.1', local)).toThrow(/private/)
    expect(() => assertAddressAllowed('8.8.8.8', strict)).not.toThrow()
  })
})
