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

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail counts as two). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number)
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const front = parse(head)
  const back = parse(tail)
  const groups = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill(0), ...back]
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined
}

const ipv4Of = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.')

/**
 * An IPv6 address that carries an IPv4 address is judged as that IPv4 address: IPv4-mapped
 * (`::ffff:127.0.0.1`), IPv4-compatible (`::169.254.169.254`) and 6to4 (`2002:a9fe:a9fe::1`).
 */
function embeddedIpv4(address: string): string {
  if (isIP(address) !== 6) return address
  const groups = ipv6Groups(address)
  if (!groups) return address
  const zeros = (count: number) => groups.slice(0, count).every((group) => group === 0)
  if (zeros(5) && groups[5] === 0xffff) return ipv4Of(groups[6], groups[7])
  // `::` and `::1` are IPv6's own unspecified and loopback addresses.
  if (zeros(6) && (groups[6] !== 0 || groups[7] > 1)) return ipv4Of(groups[6], groups[7])
  if (groups[0] === 0x2002) return ipv4Of(groups[1], groups[2])
  return address
}

/** What kind of network an IP address belongs to. */
export function classifyAddress(ip: string): AddressClass {
  const address = embeddedIpv4(ip.replace(/^\[|\]$/g, ''))
  const family = isIP(address)
  if (!family) throw new Error(`Not an IP address: ${ip}`)
  const type = family === 4 ? 'ipv4' : 'ipv6'
  for (const [name, blocks] of classes) if (blocks.check(address, type)) return name
  return 'public'
}
