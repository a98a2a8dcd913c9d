import { classifyAddress, type AddressClass } from './classify-address.js'

export interface NetworkPolicy {
  allowLoopback: boolean
  allowPrivateNetworks: boolean
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

/** Throws unless the policy lets outbound calls reach `ip`. Metadata and link-local are never allowed. */
export function assertAddressAllowed(ip: string, policy: NetworkPolicy): void {
  const addressClass = classifyAddress(ip)
  const allowed =
    addressClass === 'public' ||
    (addressClass === 'loopback' && policy.allowLoopback) ||
    (addressClass === 'private' && policy.allowPrivateNetworks)
  if (!allowed) throw new ForbiddenAddressError(ip, addressClass)
}
