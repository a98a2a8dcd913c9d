import type { FlowEdge, FlowNode } from '@troupe/sdk'
import { validationError, type FieldError } from '../../validation/ajv.js'
import { nodeParamsErrors } from './check-node-params.js'
import { findCycles } from './find-cycles.js'
import type { FlowShape, NodeTypeLookup, NodeTypeShape } from './flow-shapes.js'

const names = (ports: readonly { name: string }[]) => ports.map((port) => port.name)

function nodeErrors(nodes: readonly FlowNode[], lookup: NodeTypeLookup): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  nodes.forEach((node, index) => {
    const at = `nodes.${index}`
    if (seen.has(node.id)) errors.push({ field: `${at}.id`, message: `duplicate node id "${node.id}"` })
    seen.add(node.id)
    const nodeType = lookup(node.type, node.typeVersion)
    if (!nodeType) {
      const versions = lookup.versionsOf?.(node.type) ?? []
      if (versions.length) {
        const version = node.typeVersion ?? 1
        errors.push({ field: `${at}.typeVersion`, message: `node "${node.id}" needs ${node.type} version ${version}, which no loaded plugin provides (loaded: ${versions.join(', ')})` })
      } else errors.push({ field: `${at}.type`, message: `unknown node type "${node.type}"` })
      return
    }
    for (const error of nodeParamsErrors(node.params ?? {}, nodeType.params)) {
      errors.push({ field: [`${at}.params`, error.field].filter(Boolean).join('.'), message: error.message })
    }
  })
  return errors
}

function sourceErrors(at: string, edge: FlowEdge, source: FlowNode, nodeType: NodeTypeShape): FieldError[] {
  const outputs = names(nodeType.outputs)
  if (outputs.length === 0) {
    return [{ field: `${at}.source`, message: `"${source.id}" (${source.type}) has no outputs` }]
  }
  if (edge.sourceHandle === undefined) {
    if (outputs.length === 1) return []
    return [{ field: `${at}.sourceHandle`, message: `is required: "${source.id}" has outputs ${outputs.join(', ')}` }]
  }
  if (outputs.includes(edge.sourceHandle)) return []
  const message = `unknown output "${edge.sourceHandle}" of "${source.id}"; expected one of: ${outputs.join(', ')}`
  return [{ field: `${at}.sourceHandle`, message }]
}

function targetErrors(at: string, edge: FlowEdge, target: FlowNode, nodeType: NodeTypeShape): FieldError[] {
  if (nodeType.trigger) {
    return [{ field: `${at}.target`, message: `"${target.id}" is a trigger; no edge may lead into it` }]
  }
  const inputs = names(nodeType.inputs)
  if (inputs.length === 0) return [{ field: `${at}.target`, message: `"${target.id}" (${target.type}) has no inputs` }]
  if (edge.targetHandle === undefined || inputs.includes(edge.targetHandle)) return []
  const message = `unknown input "${edge.targetHandle}" of "${target.id}"; expected one of: ${inputs.join(', ')}`
  return [{ field: `${at}.targetHandle`, message }]
}

function edgeErrors(flow: FlowShape, lookup: NodeTypeLookup): FieldError[] {
  const errors: FieldError[] = []
  const byId = new Map<string, FlowNode>()
  for (const node of flow.nodes) if (!byId.has(node.id)) byId.set(node.id, node)
  const seen = new Set<string>()
  flow.edges.forEach((edge, index) => {
    const at = `edges.${index}`
    if (seen.has(edge.id)) errors.push({ field: `${at}.id`, message: `duplicate edge id "${edge.id}"` })
    seen.add(edge.id)
    const source = byId.get(edge.source)
    const sourceType = source && lookup(source.type, source.typeVersion)
    if (!source) errors.push({ field: `${at}.source`, message: `unknown node "${edge.source}"` })
    else if (sourceType) errors.push(...sourceErrors(at, edge, source, sourceType))
    const target = byId.get(edge.target)
    const targetType = target && lookup(target.type, target.typeVersion)
    if (!target) errors.push({ field: `${at}.target`, message: `unknown node "${edge.target}"` })
    else if (targetType) errors.push(...targetErrors(at, edge, target, targetType))
  })
  return errors
}

function triggerErrors(nodes: readonly FlowNode[], lookup: NodeTypeLookup): FieldError[] {
  const triggers = nodes.filter((node) => lookup(node.type, node.typeVersion)?.trigger).map((node) => node.id)
  return triggers.length > 1 ? [{ field: 'nodes', message: `at most one trigger, found: ${triggers.join(', ')}` }] : []
}

function cycleErrors(flow: FlowShape): FieldError[] {
  return findCycles(
    flow.nodes.map((node) => node.id),
    flow.edges
  ).map((cycle) => ({ field: `edges.${cycle.edge}`, message: `cycle: ${cycle.nodes.join(' → ')}` }))
}

/**
 * Checks that a flow can run: ids unique, node types known, params valid against their types
 * (templates aside), edges between existing nodes and ports, nothing into a trigger, at most one
 * trigger, no cycle. Throws one `BadRequest` listing every problem; an empty flow is a valid draft.
 */
export function validateFlow(flow: FlowShape, lookup: NodeTypeLookup): void {
  const errors = [
    ...nodeErrors(flow.nodes, lookup),
    ...edgeErrors(flow, lookup),
    ...triggerErrors(flow.nodes, lookup),
    ...cycleErrors(flow)
  ]
  if (errors.length > 0) throw validationError('flow', errors)
}
