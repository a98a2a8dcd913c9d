import type { NodeType } from '@troupe/sdk/plugin'
import type { Application } from '../declarations.js'
import type { NodeTypeLookup } from './graph/flow-shapes.js'

/** Node types as the graph code sees them, from the loaded plugins. */
export function nodeTypeLookup(app: Application): NodeTypeLookup {
  const nodeTypes = app.get('plugins').nodeTypes
  return (type) => nodeTypes.get(type)?.nodeType
}

export function requireNodeType(app: Application, type: string): NodeType<never> {
  const entry = app.get('plugins').nodeTypes.get(type)
  if (!entry) throw new Error(`node type ${type} is not loaded`)
  return entry.nodeType
}
