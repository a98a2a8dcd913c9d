import type { OperatorEndpoint } from '@troupe/sdk/plugin'
import type { PluginRegistry } from '../plugins/plugin-registry.js'

const trimmedPath = (url: URL) => url.pathname.replace(/\/+$/, '')

/**
 * Whether a provider's `baseUrl` is within the operator's endpoint `operatorBaseUrl`: the same
 * origin, and a path at or under the operator's (`/v1` covers `/v1/` and `/v1/x`, not `/v1x`),
 * with no credentials of its own. Only there may the operator's key go.
 */
export function isWithinEndpoint(baseUrl: string | null | undefined, operatorBaseUrl: string | undefined): boolean {
  if (!operatorBaseUrl || !baseUrl) return false
  let url: URL
  let own: URL
  try {
    url = new URL(baseUrl)
    own = new URL(operatorBaseUrl)
  } catch {
    return false
  }
  const path = trimmedPath(url)
  return url.origin === own.origin && !url.username && !url.password && (path === trimmedPath(own) || path.startsWith(`${trimmedPath(own)}/`))
}

/**
 * The operator's endpoints of the loaded provider kinds (`LlmProviderKind.operatorEndpoint`, from
 * each plugin's settings), read once at start. A provider record that uses the operator's key
 * gets the key of its own kind's endpoint, and only while its `baseUrl` is within it.
 */
export class OperatorEndpoints {
  private constructor(private readonly byKind: ReadonlyMap<string, OperatorEndpoint>) {}

  static of(registry: PluginRegistry): OperatorEndpoints {
    const byKind = new Map<string, OperatorEndpoint>()
    for (const [name, { plugin, kind }] of registry.llmProviders) {
      const endpoint = kind.operatorEndpoint?.(registry.pluginContext(plugin).settings)
      if (endpoint) byKind.set(name, { baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey })
    }
    return new OperatorEndpoints(byKind)
  }

  static none(): OperatorEndpoints {
    return new OperatorEndpoints(new Map())
  }

  /** The operator's endpoint of `kind`, if the operator configured one. */
  endpointOf(kind: string): OperatorEndpoint | undefined {
    return this.byKind.get(kind)
  }

  /** Whether a record of `kind` pointing at `baseUrl` may use the operator's key of that kind. */
  covers(kind: string, baseUrl: string | null | undefined): boolean {
    return isWithinEndpoint(baseUrl, this.byKind.get(kind)?.baseUrl)
  }

  /** The base URLs of every kind's operator endpoint (the LLM outbound policy lets providers reach them). */
  baseUrls(): string[] {
    return [...this.byKind.values()].map(({ baseUrl }) => baseUrl)
  }
}
