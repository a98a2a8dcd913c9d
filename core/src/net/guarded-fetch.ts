import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, Headers, fetch as undiciFetch, type HeadersInit } from 'undici'
import { createRedactor } from '../secrets/redact-secrets.js'
import { assertAddressAllowed, ForbiddenAddressError, isAllowedEndpoint, type NetworkPolicy } from './network-policy.js'

export interface GuardedFetchOptions {
  policy: NetworkPolicy
  /** Largest response body, in bytes; a larger one fails the read. */
  maxResponseBytes?: number
  /** Most redirects followed; each hop is checked again. */
  maxRedirects?: number
  /**
   * The only origin credentials are sent to; by default the origin of each call's first URL. A
   * request anywhere else (a redirect, or a first URL a template pointed elsewhere) goes without
   * them: see `credentialHeaders`.
   */
  credentialOrigin?: string
  /** Headers the caller knows carry a secret (those its templates fill from secrets). */
  secretHeaders?: readonly string[]
  /** Secret values of the call: a header holding one, in any encoding, is a credential too. */
  secrets?: readonly string[]
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** What the fetch standard drops on a cross-origin redirect, and what proxies and cookies authenticate with. */
const alwaysCredentials = ['authorization', 'cookie', 'proxy-authorization']

/**
 * A `fetch` for outbound calls made on behalf of tenants. The address check happens inside the
 * connection's DNS lookup, so the address that is checked is the address that is connected to
 * (no DNS-rebinding window), and every redirect hop goes through the same check. Credentials
 * never leave their origin: on a redirect to another origin they are dropped (the fetch
 * standard's rule, widened to every header that carries a secret), and they stay dropped.
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const agentFor = lazyAgents(options.policy)
  const maxRedirects = options.maxRedirects ?? 5
  const redactor = createRedactor(options.secrets ?? [])
  const secretHeaders = new Set([...alwaysCredentials, ...(options.secretHeaders ?? []).map((name) => name.toLowerCase())])
  const dropCredentials = (headers: Headers) => {
    const names = [...headers.keys()].filter((name) => secretHeaders.has(name) || redactor.contains(headers.get(name) ?? ''))
    for (const name of names) headers.delete(name)
  }

  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let requestInit: RequestInit = input instanceof Request ? { ...requestInitOf(input), ...init } : { ...init }
    let url = new URL(input instanceof Request ? input.url : input.toString())
    const headers = new Headers(requestInit.headers as HeadersInit | undefined)
    const credentialOrigin = options.credentialOrigin ?? url.origin
    for (let hop = 0; ; hop++) {
      if (url.origin !== credentialOrigin) dropCredentials(headers)
      const endpointAllowed = isAllowedEndpoint(url, options.policy)
      assertLiteralAllowed(url, options.policy, endpointAllowed)
      const response = (await undiciFetch(url, {
        ...(requestInit as object),
        headers,
        redirect: 'manual',
        dispatcher: agentFor(endpointAllowed)
      }).catch(unwrapForbidden)) as unknown as Response
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel()
        if (hop >= maxRedirects) throw new Error(`Too many redirects (more than ${maxRedirects})`)
        const next = new URL(location, url)
        if (next.username || next.password) throw new Error('Refusing a redirect to a URL with credentials')
        url = next
        // A 303 (and a 301/302 after POST) continues as GET without a body, as browsers do.
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && requestInit.method === 'POST')) {
          requestInit = { ...requestInit, method: 'GET', body: undefined }
          headers.delete('content-type')
          headers.delete('content-length')
        }
        continue
      }
      return options.maxResponseBytes ? limitBody(response, options.maxResponseBytes) : response
    }
  }
  return guarded as typeof fetch
}

/** A `Request` given as the input carries its method, headers and body itself. */
function requestInitOf(request: Request): RequestInit {
  return { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: 'half' } as RequestInit
}

/**
 * One agent for ordinary hosts and one, made when first needed, for the endpoints the policy
 * names: the address check runs inside the DNS lookup, which knows the host but not the port.
 */
function lazyAgents(policy: NetworkPolicy): (endpointAllowed: boolean) => Agent {
  const agents = new Map<boolean, Agent>()
  return (endpointAllowed) => {
    let agent = agents.get(endpointAllowed)
    if (!agent) {
      agent = new Agent({ connect: { lookup: guardedLookup(policy, endpointAllowed) as never } })
      agents.set(endpointAllowed, agent)
    }
    return agent
  }
}

function guardedLookup(policy: NetworkPolicy, endpointAllowed: boolean) {
  return (hostname: string, lookupOptions: object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const list = addresses as LookupAddress[]
      try {
        for (const entry of list) assertAddressAllowed(entry.address, policy, endpointAllowed)
      } catch (forbidden) {
        return callback(forbidden as NodeJS.ErrnoException, [])
      }
      const all = (lookupOptions as { all?: boolean }).all
      if (all) return callback(null, list)
      callback(null, list[0].address, list[0].family)
    })
  }
}

/** undici reports a refused lookup as `fetch failed`; the reason is the useful part. */
function unwrapForbidden(error: Error & { cause?: unknown }): never {
  if (error.cause instanceof ForbiddenAddressError) throw error.cause
  throw error
}

/** IP-literal hosts never go through DNS, so they are checked before connecting. */
function assertLiteralAllowed(url: URL, policy: NetworkPolicy, endpointAllowed: boolean) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Refusing ${url.protocol} URL`)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host)) assertAddressAllowed(host, policy, endpointAllowed)
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
