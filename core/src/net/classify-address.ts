import ipaddr from 'ipaddr.js'

export type AddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'public'

type Address = ipaddr.IPv4 | ipaddr.IPv6

/** Cloud instance-metadata services (AWS, GCP, Azure, Oracle: 169.254.169.254; Alibaba; Azure's wire server; AWS over IPv6). */
const metadataRanges = ['169.254.169.254/32', '100.100.100.200/32', '168.63.129.16/32', 'fd00:ec2::254/128'].map((cidr) => ipaddr.parseCIDR(cidr))

// ipaddr.js names its special ranges; anything it may add later and is not listed here is refused as reserved.
const ipv4Classes: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  broadcast: 'reserved',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'private',
  private: 'private'
}
const ipv6Classes: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private'
}

const isMetadata = (address: Address) => metadataRanges.some(([network, bits]) => address.kind() === network.kind() && address.match(network, bits))

const ipv4 = (bytes: number[]) => new ipaddr.IPv4(bytes)

/**
 * The IPv4 addresses an IPv6 address carries, which is where a packet to it ends up: IPv4-mapped
 * (`::ffff:a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4
 * (`2002:aabb:ccdd::`), Teredo (server, and client obfuscated by inverting its bits) and the
 * deprecated IPv4-compatible form (`::a.b.c.d`).
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4[] | undefined {
  const bytes = address.toByteArray()
  const zeros = (count: number) => bytes.slice(0, count).every((byte) => byte === 0)
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [ipv4(bytes.slice(12))]
    case 'rfc6052':
      // The local-use NAT64 prefix 64:ff9b:1::/48 may embed the address at several offsets; judged as reserved instead.
      return address.match(ipaddr.IPv6.parse('64:ff9b::'), 96) ? [ipv4(bytes.slice(12))] : undefined
    case '6to4':
      return [ipv4(bytes.slice(2, 6))]
    case 'teredo':
      return [ipv4(bytes.slice(4, 8)), ipv4(bytes.slice(12).map((byte) => byte ^ 0xff))]
  }
  // `::` and `::1` are IPv6's own unspecified and loopback addresses.
  if (zeros(12) && !(zeros(15) && bytes[15] <= 1)) return [ipv4(bytes.slice(12))]
  return undefined
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  if (isMetadata(address)) return 'metadata'
  return ipv4Classes[address.range()] ?? 'reserved'
}

/** Parses every form an IP literal may take: dotted, `127.1`, hex, octal, one decimal number, a trailing dot, brackets, a zone id. */
function parseAddress(ip: string): Address {
  const text = ip.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  const candidate = /^[\dA-Fa-fXx.]+\.$/.test(text) ? text.slice(0, -1) : text
  if (!ipaddr.isValid(candidate)) throw new Error(`Not an IP address: ${ip}`)
  return ipaddr.parse(candidate)
}

/** What kind of network an IP address belongs to; an IPv6 address carrying an IPv4 one is judged as that address. */
export function classifyAddress(ip: string): AddressClass {
  const address = parseAddress(ip)
  if (address.kind() === 'ipv4') return classifyIpv4(address as ipaddr.IPv4)
  const v6 = address as ipaddr.IPv6
  if (isMetadata(v6)) return 'metadata'
  const carried = embeddedIpv4(v6)
  if (carried) {
    const classes = carried.map(classifyIpv4)
    return classes.find((name) => name === 'metadata') ?? classes.find((name) => name !== 'public') ?? 'public'
  }
  return ipv6Classes[v6.range()] ?? 'reserved'
}
