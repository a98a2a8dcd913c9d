/**
 * Default headers that cancel the host's `OPENAI_CUSTOM_HEADERS`: the openai client adds every
 * header that variable lists to every request, whatever the endpoint, so an operator's header
 * (a gateway's key) would reach any tenant's endpoint. Each listed name is set to `null` (the
 * client then drops it) unless the provider record sets that header itself.
 */
export function withoutEnvironmentHeaders(own: Record<string, string> = {}, listed = process.env.OPENAI_CUSTOM_HEADERS): Record<string, string | null> {
  const headers: Record<string, string | null> = {}
  for (const line of listed?.split('\n') ?? []) {
    const name = line.slice(0, line.indexOf(':')).trim()
    if (line.includes(':') && name) headers[name] = null
  }
  return { ...headers, ...own }
}
