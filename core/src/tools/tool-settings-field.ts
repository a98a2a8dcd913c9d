import { toolKindFields } from '@troupe/sdk'

/** Whether a kind shows its settings in a field of its own name (`http`, `mcp`; see `toolKindFields`). */
export const hasKindField = (kind: unknown): boolean => (toolKindFields as readonly unknown[]).includes(kind)

/** Where a tool's settings are in the API: the `http`/`mcp` field for those kinds, `settings` otherwise. */
export const settingsFieldOf = (kind: string): string => (hasKindField(kind) ? kind : 'settings')
