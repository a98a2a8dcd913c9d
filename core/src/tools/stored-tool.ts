import type { Tool, ToolKind } from '@troupe/sdk'

/** A tool row as the database holds it: secrets as ciphertext, keyed by name. */
export interface StoredTool {
  id: string
  name: string
  description: string
  kind: ToolKind
  inputSchema: Record<string, unknown>
  exposeViaMcp: boolean
  code: string | null
  language: string | null
  runtime: string | null
  limits: Tool['limits']
  allowedHosts: string[]
  /** A plugin kind's settings (the API shows those of `http` and `mcp` tools in fields of those names). */
  settings: Record<string, unknown> | null
  secretsCiphertext: Record<string, string>
  /** The origin the secrets were saved for (`toolOrigin` then); they are sent nowhere else. */
  secretsOrigin: string | null
  createdBy: string | null
  createdAt: string | Date
  updatedAt: string | Date
}
