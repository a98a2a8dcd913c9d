import type { FlowNode } from '@troupe/sdk'
import type { TenantLogic } from '@troupe/sdk/plugin'
import type { NodeTypeLookup } from '../executor/graph/flow-shapes.js'
import { validationError, type FieldError } from '../validation/ajv.js'

/** The JSON Schema a flow's trigger declares for its input (`params.inputSchema`), if any, and where it sits in the flow. */
export function flowInputSchema(nodes: FlowNode[], nodeTypes: NodeTypeLookup): { schema: Record<string, unknown>; field: string } | undefined {
  const index = nodes.findIndex((node) => nodeTypes(node.type, node.typeVersion)?.trigger)
  const schema = nodes[index]?.params?.inputSchema
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined
  return { schema: schema as Record<string, unknown>, field: `nodes.${index}.params.inputSchema` }
}

/**
 * Throws a 400 naming each field (`input.city`) when the trigger declares an input schema the
 * input does not match. The schema is the tenant's, and the input may be an anonymous webhook
 * caller's: both are checked by the tenant's logic workers, within its time and memory budget.
 */
export async function checkFlowInput(nodes: FlowNode[], nodeTypes: NodeTypeLookup, input: unknown, logic: TenantLogic): Promise<void> {
  const declared = flowInputSchema(nodes, nodeTypes)
  if (!declared) return
  const problems = await logic.validate(declared.schema, input ?? {})
  if (problems.length === 0) return
  throw validationError('input', problems.map(({ field, message }) => ({ field: field ? `input.${field}` : 'input', message })))
}

/** Problems of the trigger's input schema as a schema (a pattern that can backtrack for ever, ...), named by their place in the flow. */
export async function flowInputSchemaProblems(nodes: FlowNode[], nodeTypes: NodeTypeLookup, logic: TenantLogic): Promise<FieldError[]> {
  const declared = flowInputSchema(nodes, nodeTypes)
  if (!declared) return []
  const problems = await logic.schemaProblems(declared.schema)
  return problems.map(({ field, message }) => ({ field: field ? `${declared.field}.${field}` : declared.field, message }))
}
