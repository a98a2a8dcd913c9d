import { resolve } from '@feathersjs/schema'
import type { HookContext } from '../../declarations.js'

type Row = Record<string, unknown>

/** Secret values never leave, not even as ciphertext; clients see which names are set, and the origin they are bound to. */
export const toolExternalResolver = resolve<Row, HookContext>({
  secretNames: async (_value, tool) => Object.keys((tool.secretsCiphertext as Record<string, string> | undefined) ?? {}).sort(),
  secretsCiphertext: async () => undefined
})
