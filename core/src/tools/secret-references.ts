import { ToolCallError } from './tool-errors.js'

/** A template reading `secrets` somewhere in a tool's settings. */
export interface SecretReference {
  /** Where, as a field path of the API (`http.headers.Authorization`). */
  field: string
  /** The keys from the settings down to the string holding it (`['headers', 'Authorization']`). */
  path: string[]
  /** The one secret it names; `undefined` when it reads anything else (`{{ secrets }}`, a path below a secret). */
  name?: string
}

// Any template whose root is `secrets`, however the rest is written; the renderer fills only
// `.name` and `["name"]`, but a stricter finder cannot miss one it would fill.
const secretTemplate = /\{\{\s*secrets(?![A-Za-z0-9_$-])([\s\S]*?)\}\}/g
const oneSecret = /^\s*(?:\.([A-Za-z_][A-Za-z0-9_]*)|\["([A-Za-z_][A-Za-z0-9_]*)"\])\s*$/

/** Every template reading `secrets` in `settings` (strings at any depth); `field` names the settings in the API. */
export function secretReferences(settings: unknown, field: string, path: string[] = []): SecretReference[] {
  if (typeof settings === 'string') {
    return [...settings.matchAll(secretTemplate)].map((match) => {
      const named = oneSecret.exec(match[1])
      return { field: [field, ...path].filter(Boolean).join('.'), path, name: named ? (named[1] ?? named[2]) : undefined }
    })
  }
  if (Array.isArray(settings)) return settings.flatMap((item, index) => secretReferences(item, field, [...path, String(index)]))
  if (settings && typeof settings === 'object') {
    return Object.entries(settings).flatMap(([key, value]) => secretReferences(value, field, [...path, key]))
  }
  return []
}

/** Whether `path` is one of `places` (dotted, `*` for any one key: `headers.*`). */
function isSecretPlace(path: readonly string[], places: readonly string[]): boolean {
  return places.some((place) => {
    const parts = place.split('.')
    return parts.length === path.length && parts.every((part, index) => part === '*' || part === path[index])
  })
}

/**
 * The references of a tool's settings that put a secret where its kind does not take one (the
 * kind's `secretPlaces`; a URL's path or query ends up in servers' and proxies' logs, a body
 * could be stored and read back), and references that do not name one secret.
 */
export function misplacedSecrets(settings: unknown, places: readonly string[], field: string): Array<{ field: string; message: string }> {
  return secretReferences(settings, field).flatMap(({ field, path, name }) => {
    if (!isSecretPlace(path, places)) return [{ field, message: `may not use secrets: a secret may only be placed at ${places.join(', ') || 'no place'} (a header value)` }]
    if (name === undefined) return [{ field, message: 'must name one secret: {{ secrets.<name> }}' }]
    return []
  })
}

/**
 * The same checks when a stored tool runs: a tool saved before the rule, or behind the API, fails
 * before anything is sent, and so does one naming a secret that is not set.
 */
export function assertSecretsPlaced(toolName: string, field: string, settings: unknown, places: readonly string[], secrets: Readonly<Record<string, string>>): void {
  const problems = misplacedSecrets(settings, places, field)
  if (problems.length > 0) throw new ToolCallError(`Tool ${toolName} cannot run: ${problems.map(({ field, message }) => `${field} ${message}`).join('; ')}`)
  for (const { name } of secretReferences(settings, field)) {
    if (name !== undefined && !Object.hasOwn(secrets, name)) throw new ToolCallError(`Tool ${toolName} uses secret ${name}, which is not set`)
  }
}
