import type { ToolKindDefinition } from '@troupe/sdk/plugin'

export interface JsonGetSettings {
  url: string
}

/**
 * A tool kind: `GET` a JSON endpoint with the call's arguments as its query string, and the
 * tool's `token` secret (when set) as a bearer token. The host binds the secret to the origin
 * `destination` names, and its `fetch` keeps to the platform's outbound policy.
 */
export const jsonGetKind: ToolKindDefinition<JsonGetSettings> = {
  kind: 'ticker.json-get',
  displayName: 'JSON GET',
  description: 'Reads a JSON endpoint; the arguments become its query string.',
  settingsSchema: {
    type: 'object',
    properties: { url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000, title: 'URL' } },
    required: ['url'],
    additionalProperties: false
  },
  destination: (settings) => settings.url,
  timeoutMs: 10_000,
  async invoke({ settings, args, secrets, fetch, signal }) {
    const url = new URL(settings.url)
    for (const [name, value] of Object.entries(args)) url.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value))
    const headers: Record<string, string> = { accept: 'application/json' }
    if (secrets.token) headers.authorization = `Bearer ${secrets.token}`
    const response = await fetch(url, { headers, signal })
    if (!response.ok) throw new Error(`${url.host} answered ${response.status}`)
    return { result: await response.json(), logs: [`GET ${url.origin}${url.pathname} → ${response.status}`] }
  }
}
