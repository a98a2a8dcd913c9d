import type { ToolKindDefinition } from '@troupe/sdk/plugin'
import type { SecretBox } from '../crypto/secret-box.js'
import { originOf } from '@troupe/sdk/logic'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'

/** Associated data binding one secret to its tenant, tool and name: a copied ciphertext fails to open. */
function secretContext(tenantId: string, toolId: string, name: string): string {
  return `${tenantId}:tool:${toolId}:${name}`
}

/** The plugins' tool kinds, by name. */
export type ToolKindLookup = (kind: string) => ToolKindDefinition<never> | undefined

/**
 * The origin a tool's calls go to, which its secrets are bound to: the one its kind names for the
 * settings (`destination`); `null` otherwise (such a tool cannot hold secrets).
 */
export function toolOrigin(tool: Pick<StoredTool, 'kind' | 'settings'>, kinds: ToolKindLookup): string | null {
  const destination = kinds(tool.kind)?.destination
  if (!destination || !tool.settings) return null
  try {
    return originOf((destination as (settings: unknown) => string | null)(tool.settings))
  } catch {
    return null
  }
}

/**
 * The stored secrets after a write: `changes` is merged by name (`null` removes one), each value
 * sealed with AES-256-GCM. Plain values go no further than this function.
 */
export function sealToolSecrets(
  box: SecretBox,
  tenantId: string,
  toolId: string,
  stored: Record<string, string>,
  changes: Record<string, string | null>
): Record<string, string> {
  const sealed = { ...stored }
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete sealed[name]
    else sealed[name] = box.encrypt(value, secretContext(tenantId, toolId, name))
  }
  return sealed
}

/** A tool's secrets opened for one call, with the only origin they may be sent to. */
export interface OpenedSecrets {
  secrets: Record<string, string>
  origin: string | null
}

/**
 * The plain secrets of a tool, for the one call that needs them, and the origin they may be sent
 * to. Saving a tool keeps the binding in step with its URL; a row where it is not (edited behind
 * the API) fails the call rather than send the secrets elsewhere.
 */
export function openToolSecrets(
  box: SecretBox,
  tenantId: string,
  tool: Pick<StoredTool, 'id' | 'name' | 'kind' | 'settings' | 'secretsCiphertext' | 'secretsOrigin'>,
  kinds: ToolKindLookup
): OpenedSecrets {
  const sealed = Object.entries(tool.secretsCiphertext ?? {})
  if (sealed.length === 0) return { secrets: {}, origin: null }
  const origin = toolOrigin(tool, kinds)
  if (!origin || tool.secretsOrigin !== origin) {
    throw new ToolCallError(`The secrets of tool ${tool.name} were saved for another destination than ${origin ?? 'its URL'}; set them again`)
  }
  return { secrets: Object.fromEntries(sealed.map(([name, value]) => [name, box.decrypt(value, secretContext(tenantId, tool.id, name))])), origin }
}
