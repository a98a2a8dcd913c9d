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
    ['2606:4700::1111', 'public'],
    // Every way to write loopback.
    ['127.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['[::1]', 'loopback'],
    ['::1%lo', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:7f00:1', 'loopback'],
    // Metadata in every form: mapped, translated, NAT64, 6to4, Teredo, IPv4-compatible.
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0:a9fe:a9fe', 'metadata'],
    ['::ffff:0:169.254.169.254', 'metadata'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::169.254.169.254', 'metadata'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2001:0:a9fe:a9fe::1', 'metadata'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'metadata'],
    ['::a9fe:a9fe', 'metadata'],
    ['::169.254.169.254', 'metadata'],
    ['0xa9fea9fe', 'metadata'],
    ['2852039166', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    // Embedded private and unspecified addresses keep their class.
    ['::ffff:0:a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['fe80::1%eth0', 'link-local'],
    ['fec0::1', 'private'],
    ['64:ff9b:1::a9fe:a9fe', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.0.192', 'reserved'],
    // Translated forms of a public address are public (IPv6-only networks reach IPv4 through NAT64).
    ['64:ff9b::808:808', 'public'],
    ['2002:808:808::1', 'public'],
    ['::ffff:8.8.8.8', 'public']
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected)
  })

  it.each(['example.com', '', '1.2.3.4.5', '::g', '127.0.0.1..'])('%j is not an address', (text) => {
    expect(() => classifyAddress(text)).toThrow(/Not an IP address/)
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
