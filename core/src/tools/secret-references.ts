import { ToolCallError } from './tool-errors.js'

/** A template reading `secrets` somewhere in a tool's settings. */
export interface SecretReference {
  /** Where, as a field path (`http.headers.Authorization`). */
  field: string
  /** The one secret it names; `undefined` when it reads anything else (`{{ secrets }}`, a path below a secret). */
  name?: string
}

// Any template whose root is `secrets`, however the rest is written; the renderer fills only
// `.name` and `["name"]`, but a stricter finder cannot miss one it would fill.
const secretTemplate = /\{\{\s*secrets(?![A-Za-z0-9_$-])([\s\S]*?)\}\}/g
const oneSecret = /^\s*(?:\.([A-Za-z_][A-Za-z0-9_]*)|\["([A-Za-z_][A-Za-z0-9_]*)"\])\s*$/

/** Every template reading `secrets` in `settings` (strings at any depth), by field. */
export function secretReferences(settings: unknown, field: string): SecretReference[] {
  if (typeof settings === 'string') {
    return [...settings.matchAll(secretTemplate)].map((match) => {
      const named = oneSecret.exec(match[1])
      return { field, name: named ? (named[1] ?? named[2]) : undefined }
    })
  }
  if (Array.isArray(settings)) return settings.flatMap((item, index) => secretReferences(item, `${field}.${index}`))
  if (settings && typeof settings === 'object') {
    return Object.entries(settings).flatMap(([key, value]) => secretReferences(value, `${field}.${key}`))
  }
  return []
}

/** Where a tool may place a secret: header values, sent only to the origin the secrets are bound to. */
const secretPlaces = /^(http|mcp)\.headers\./

/**
 * The references of a tool's HTTP and MCP settings that put a secret where it may not go: the
 * URL (path or query end up in servers' and proxies' logs, and a template there could build a
 * URL that carries the secret elsewhere) and the body (a member could have it stored and read
 * back); and references that do not name one secret.
 */
export function misplacedSecrets(settings: { http?: unknown; mcp?: unknown }): Array<{ field: string; message: string }> {
  return secretReferences({ http: settings.http ?? undefined, mcp: settings.mcp ?? undefined }, '')
    .map((reference) => ({ ...reference, field: reference.field.slice(1) }))
    .flatMap(({ field, name }) => {
      if (!secretPlaces.test(field)) return [{ field, message: 'may not use secrets: a secret may only be placed in a header value' }]
      if (name === undefined) return [{ field, message: 'must name one secret: {{ secrets.<name> }}' }]
      return []
    })
}

/** The same check when a stored tool runs: a tool saved before the rule, or behind the API, fails before anything is sent. */
export function assertSecretsPlaced(toolName: string, settings: { http?: unknown; mcp?: unknown }): void {
  const misplaced = misplacedSecrets(settings)
  if (misplaced.length > 0) throw new ToolCallError(`Tool ${toolName} cannot run: ${misplaced.map(({ field, message }) => `${field} ${message}`).join('; ')}`)
}
