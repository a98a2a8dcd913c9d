import type { NodeType } from '@troupe/sdk/plugin'
import type { Application } from '../declarations.js'
import type { NodeTypeLookup } from './graph/flow-shapes.js'

/** Node types as the graph code sees them, by type and version, from the loaded plugins. */
export function nodeTypeLookup(app: Application): NodeTypeLookup {
  const registry = app.get('plugins')
  return Object.assign((type: string, version?: number) => registry.nodeType(type, version)?.nodeType, { versionsOf: (type: string) => registry.versionsOf(type) })
}

export function requireNodeType(app: Application, type: string, version?: number): NodeType<never> {
  const entry = app.get('plugins').nodeType(type, version)
  if (!entry) throw new Error(`node type ${type} version ${version ?? 1} is not loaded`)
  return entry.nodeType
}
