import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { Agent, fetch as undiciFetch } from 'undici'
import { assertAddressAllowed, ForbiddenAddressError, type NetworkPolicy } from './network-policy.js'

export interface GuardedFetchOptions {
  policy: NetworkPolicy
  /** Largest response body, in bytes; a larger one fails the read. */
  maxResponseBytes?: number
  /** Most redirects followed; each hop is checked again. */
  maxRedirects?: number
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `fetch` for outbound calls made on behalf of tenants. The address check happens inside the
 * connection's DNS lookup, so the address that is checked is the address that is connected to
 * (no DNS-rebinding window), and every redirect hop goes through the same check.
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const guardedLookup = (hostname: string, lookupOptions: object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const list = addresses as LookupAddress[]
      try {
        for (const entry of list) assertAddressAllowed(entry.address, options.policy)
      } catch (forbidden) {
        return callback(forbidden as NodeJS.ErrnoException, [])
      }
      const all = (lookupOptions as { all?: boolean }).all
      if (all) return callback(null, list)
      callback(null, list[0].address, list[0].family)
    })
  }
  const agent = new Agent({ connect: { lookup: guardedLookup as never } })
  const maxRedirects = options.maxRedirects ?? 5

  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url)
    let requestInit = init
    for (let hop = 0; ; hop++) {
      assertLiteralAllowed(url, options.policy)
      const response = (await undiciFetch(url, {
        ...(requestInit as object),
        redirect: 'manual',
        dispatcher: agent
      }).catch(unwrapForbidden)) as unknown as Response
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        if (hop >= maxRedirects) throw new Error(`Too many redirects (more than ${maxRedirects})`)
        url = new URL(location, url)
        // A 303 (and a 301/302 after POST) continues as GET without a body, as browsers do.
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && requestInit?.method === 'POST')) {
          requestInit = { ...requestInit, method: 'GET', body: undefined }
        }
        await response.body?.cancel()
        continue
      }
      return options.maxResponseBytes ? limitBody(response, options.maxResponseBytes) : response
    }
  }
  return guarded as typeof fetch
}

/** undici reports a refused lookup as `fetch failed`; the reason is the useful part. */
function unwrapForbidden(error: Error & { cause?: unknown }): never {
  if (error.cause instanceof ForbiddenAddressError) throw error.cause
  throw error
}

/** IP-literal hosts never go through DNS, so they are checked before connecting. */
function assertLiteralAllowed(url: URL, policy: NetworkPolicy) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Refusing ${url.protocol} URL`)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (/^[\d.]+$/.test(host) || host.includes(':')) assertAddressAllowed(host, policy)
}

function limitBody(response: Response, maxBytes: number): Response {
  if (!response.body) return response
  let seen = 0
  const limited = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength
        if (seen > maxBytes) controller.error(new Error(`Response body is larger than ${maxBytes} bytes`))
        else controller.enqueue(chunk)
      }
    })
  )
  return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers })
}
