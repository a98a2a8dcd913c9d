import { classifyAddress, type AddressClass } from './classify-address.js'

export interface NetworkPolicy {
  allowLoopback: boolean
  allowPrivateNetworks: boolean
  /**
   * `host:port` endpoints (as `endpointOf` writes them) that may be on loopback or private
   * addresses whatever the two flags say: the operator's local model servers, for LLM providers.
   */
  allowedEndpoints?: ReadonlySet<string>
}

export class ForbiddenAddressError extends Error {
  constructor(
    readonly address: string,
    readonly addressClass: AddressClass
  ) {
    super(`${address} is a ${addressClass} address, which outbound calls may not reach`)
    this.name = 'ForbiddenAddressError'
  }
}

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443' }

/** `host:port` of a URL, the port always written: the form allow-list entries are compared in. */
export function endpointOf(url: URL): string {
  return `${url.hostname}:${url.port || defaultPorts[url.protocol] || ''}`
}

/** Whether the policy names the URL's endpoint as one that may be on loopback or private addresses. */
export function isAllowedEndpoint(url: URL, policy: NetworkPolicy): boolean {
  return policy.allowedEndpoints?.has(endpointOf(url)) ?? false
}

/**
 * Throws unless the policy lets outbound calls reach `ip`. Metadata, link-local, unspecified,
 * multicast and reserved addresses are never allowed; loopback and private ranges only when the
 * policy says so, or for an endpoint it names (`endpointAllowed`).
 */
export function assertAddressAllowed(ip: string, policy: NetworkPolicy, endpointAllowed = false): void {
  const addressClass = classifyAddress(ip)
  const allowed =
    addressClass === 'public' ||
    (addressClass === 'loopback' && (policy.allowLoopback || endpointAllowed)) ||
    (addressClass === 'private' && (policy.allowPrivateNetworks || endpointAllowed))
  if (!allowed) throw new ForbiddenAddressError(ip, addressClass)
}
