import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { assertAddressAllowed, ForbiddenAddressError, isAllowedEndpoint, type NetworkPolicy } from './network-policy.js'

export class ForbiddenUrlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ForbiddenUrlError'
  }
}

/**
 * Checks a URL an outbound call will use: http(s) only, no credentials in it, and every address
 * its host resolves to allowed by the policy (for an endpoint the policy names, loopback and
 * private addresses too). The WHATWG parser has already turned encodings such
 * as `0x7f000001` or `2130706433` into `127.0.0.1` by the time the address is judged.
 */
export async function checkOutboundUrl(raw: string, policy: NetworkPolicy): Promise<URL> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ForbiddenUrlError('is not a valid URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ForbiddenUrlError(`must use http or https, not ${url.protocol.replace(/:$/, '')}`)
  }
  if (url.username || url.password) throw new ForbiddenUrlError('must not carry credentials')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host) ? [host] : await resolve(host)
  const endpointAllowed = isAllowedEndpoint(url, policy)
  try {
    for (const address of addresses) assertAddressAllowed(address, policy, endpointAllowed)
  } catch (error) {
    if (error instanceof ForbiddenAddressError) throw new ForbiddenUrlError(`points at ${error.message}`)
    throw error
  }
  return url
}

async function resolve(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address)
  } catch {
    throw new ForbiddenUrlError(`has a host that does not resolve: ${host}`)
  }
}

/** Why `checkOutboundUrl` refuses `raw` (`is not a valid URL`, `points at ...`), or `undefined` when it may be called. */
export async function outboundUrlProblem(raw: string, policy: NetworkPolicy): Promise<string | undefined> {
  try {
    await checkOutboundUrl(raw, policy)
    return undefined
  } catch (error) {
    if (error instanceof ForbiddenUrlError) return error.message
    throw error
  }
}
