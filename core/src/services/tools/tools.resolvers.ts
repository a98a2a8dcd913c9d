import { resolve } from '@feathersjs/schema'
import { toolKindFields } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { hasKindField } from '../../tools/tool-settings-field.js'

type Row = Record<string, unknown>

/** The settings of `http` and `mcp` tools in the fields of those names, as the API has always shown them. */
const kindFields = Object.fromEntries(toolKindFields.map((field) => [field, async (_value: unknown, tool: Row) => (tool.kind === field ? (tool.settings ?? null) : null)]))

/** Secret values never leave, not even as ciphertext; clients see which names are set, and the origin they are bound to. */
export const toolExternalResolver = resolve<Row, HookContext>({
  secretNames: async (_value, tool) => Object.keys((tool.secretsCiphertext as Record<string, string> | undefined) ?? {}).sort(),
  secretsCiphertext: async () => undefined,
  ...kindFields,
  settings: async (value, tool) => (hasKindField(tool.kind) ? null : (value ?? null))
})
