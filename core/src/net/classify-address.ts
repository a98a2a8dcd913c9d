import { BlockList, isIP } from 'node:net'

export type AddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'public'

function list(entries: Array<[string, number, 'ipv4' | 'ipv6']>): BlockList {
  const blocks = new BlockList()
  for (const [network, prefix, family] of entries) blocks.addSubnet(network, prefix, family)
  return blocks
}

// Checked in this order: the first class that contains the address wins.
const classes: Array<[AddressClass, BlockList]> = [
  ['metadata', list([['169.254.169.254', 32, 'ipv4'], ['fd00:ec2::254', 128, 'ipv6'], ['100.100.100.200', 32, 'ipv4']])],
  ['loopback', list([['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']])],
  ['unspecified', list([['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']])],
  ['link-local', list([['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']])],
  [
    'private',
    list([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6']
    ])
  ],
  ['multicast', list([['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']])],
  [
    'reserved',
    list([
      ['240.0.0.0', 4, 'ipv4'],
      ['192.0.0.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['64:ff9b::', 96, 'ipv6'],
      ['2001:db8::', 32, 'ipv6']
    ])
  ]
]

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`, `::ffff:7f00:1`) is judged as the IPv4 address it maps. */
function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(.+)$/i.exec(address)
  if (!mapped) return address
  const tail = mapped[1]
  if (isIP(tail) === 4) return tail
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail)
  if (!hex) return address
  const high = parseInt(hex[1], 16)
  const low = parseInt(hex[2], 16)
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
}

/** What kind of network an IP address belongs to. */
export function classifyAddress(ip: string): AddressClass {
  const address = unmapIpv4(ip.replace(/^\[|\]$/g, ''))
  const family = isIP(address)
  if (!family) throw new Error(`Not an IP address: ${ip}`)
  const type = family === 4 ? 'ipv4' : 'ipv6'
  for (const [name, blocks] of classes) if (blocks.check(address, type)) return name
  return 'public'
}
