import type { FieldError } from '@troupe/mfe-kit'
import type { Graph } from './graph.ts'
import type { SettingsField } from './node-settings.ts'

/** What is wrong with one node: the node itself, its params by name, its run settings by field. */
export interface NodeErrors {
  node: string[]
  params: Record<string, string>
  settings: Partial<Record<SettingsField, string>>
}

/** Validation problems of a saved flow, placed where the editor shows them. */
export interface PlacedErrors {
  /** Per node id: messages about the node itself, per param name and per settings field. */
  nodes: Record<string, NodeErrors>
  /** Per edge id. */
  edges: Record<string, string[]>
  /** Problems of the flow as a whole (name, cycles, several triggers...). */
  flow: string[]
}

export const noErrors = (): PlacedErrors => ({ nodes: {}, edges: {}, flow: [] })

/**
 * Places the API's field errors (`nodes.1.params.ms`, `nodes.1.retry.max`, `edges.0.target`,
 * `name`, ...) on the node, param, setting or edge they name, using the graph that was sent
 * (indexes refer to it).
 */
export function placeValidationErrors(fields: FieldError[], sent: Graph): PlacedErrors {
  const placed = noErrors()
  for (const { field, message } of fields) {
    const nodeMatch = /^nodes\.(\d+)(?:\.(.+))?$/.exec(field)
    const edgeMatch = /^edges\.(\d+)(?:\.(.+))?$/.exec(field)
    const node = nodeMatch ? sent.nodes[Number(nodeMatch[1])] : undefined
    const edge = edgeMatch ? sent.edges[Number(edgeMatch[1])] : undefined
    if (node) {
      const entry = (placed.nodes[node.id] ??= { node: [], params: {}, settings: {} })
      const param = /^params\.([^.]+)/.exec(nodeMatch![2] ?? '')
      const setting = /^(timeoutMs|retry)(?:\.(max|backoffMs))?$/.exec(nodeMatch![2] ?? '')
      if (param) entry.params[param[1]!] = message
      else if (setting) entry.settings[setting[1] === 'timeoutMs' ? 'timeoutMs' : `retry.${setting[2] ?? 'max'}` as SettingsField] = message
      else entry.node.push(nodeMatch![2] ? `${nodeMatch![2]} ${message}` : message)
    } else if (edge) {
      ;(placed.edges[edge.id] ??= []).push(edgeMatch![2] ? `${edgeMatch![2]} ${message}` : message)
    } else {
      placed.flow.push(field ? `${field} ${message}` : message)
    }
  }
  return placed
}

export function errorCount(errors: PlacedErrors): number {
  const nodes = Object.values(errors.nodes).reduce((sum, entry) => sum + entry.node.length + Object.keys(entry.params).length + Object.keys(entry.settings).length, 0)
  const edges = Object.values(errors.edges).reduce((sum, list) => sum + list.length, 0)
  return nodes + edges + errors.flow.length
}
