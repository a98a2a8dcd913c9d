import type { PluginRegistry } from '../plugins/plugin-registry.js'

const fieldsOf = new WeakMap<PluginRegistry, readonly string[]>()

/** The loaded plugins' entry fields (`crewId`), in load order (read once: plugins are loaded at start). */
export function entryFields(registry: PluginRegistry): readonly string[] {
  let fields = fieldsOf.get(registry)
  if (!fields) fieldsOf.set(registry, (fields = Object.freeze([...registry.executionEntries.keys()])))
  return fields
}

/**
 * A stored execution row as clients see it: the entry under its field (`crewId`), every loaded
 * entry field present (null when it is not that entry's run). A row shown before is left as is.
 */
export function withEntryFields<T extends Record<string, unknown>>(row: T, fields: readonly string[]): Omit<T, 'entryField' | 'entryId'> {
  if (!('entryField' in row)) return row
  const { entryField, entryId, ...visible } = row as Record<string, unknown>
  for (const field of fields) visible[field] = null
  if (typeof entryField === 'string') visible[entryField] = entryId ?? null
  return visible as Omit<T, 'entryField' | 'entryId'>
}
