import type { FlowNode } from '@troupe/sdk'
import type { NodeTypeLookup } from '../executor/graph/flow-shapes.js'
import { BadRequest } from '@feathersjs/errors'
import { dataChecker, validationError, type FieldError } from '../validation/ajv.js'

/** The JSON Schema a flow's trigger declares for its input (`params.inputSchema`), if any. */
export function flowInputSchema(nodes: FlowNode[], nodeTypes: NodeTypeLookup): Record<string, unknown> | undefined {
  const trigger = nodes.find((node) => nodeTypes(node.type)?.trigger)
  const schema = trigger?.params?.inputSchema
  return schema && typeof schema === 'object' && !Array.isArray(schema) ? (schema as Record<string, unknown>) : undefined
}

/** Throws a 400 naming each field (`input.city`) when the trigger declares an input schema the input does not match. */
export function checkFlowInput(nodes: FlowNode[], nodeTypes: NodeTypeLookup, input: unknown): void {
  const schema = flowInputSchema(nodes, nodeTypes)
  if (!schema) return
  try {
    dataChecker(schema, 'input')(input ?? {})
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error
    const fields = (error.data as FieldError[]).map(({ field, message }) => ({ field: field ? `input.${field}` : 'input', message }))
    throw validationError('input', fields)
  }
}
