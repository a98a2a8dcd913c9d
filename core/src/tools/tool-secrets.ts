import type { SecretBox } from '../crypto/secret-box.js'
import type { StoredTool } from './stored-tool.js'

/** Associated data binding one secret to its tenant, tool and name: a copied ciphertext fails to open. */
function secretContext(tenantId: string, toolId: string, name: string): string {
  return `${tenantId}:tool:${toolId}:${name}`
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

/** The plain secrets of a tool, for the one call that needs them. */
export function openToolSecrets(box: SecretBox, tenantId: string, tool: Pick<StoredTool, 'id' | 'secretsCiphertext'>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tool.secretsCiphertext ?? {}).map(([name, sealed]) => [name, box.decrypt(sealed, secretContext(tenantId, tool.id, name))])
  )
}

/** Every secret value, so whatever a tool returns or logs can be scrubbed of them. */
export function redactSecrets(text: string, secrets: Record<string, string>): string {
  let redacted = text
  for (const value of Object.values(secrets)) {
    if (value.length >= 4) redacted = redacted.split(value).join('[redacted]')
  }
  return redacted
}
