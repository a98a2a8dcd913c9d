import type { TenantLogic } from '@troupe/sdk/plugin'
import type { FieldError } from '../validation/ajv.js'
import { ToolArgumentsError } from './tool-errors.js'

/**
 * Problems with a tool's input schema as a schema: it must describe an object (tools take named
 * arguments, as OpenAI functions and MCP tools do) and be usable by the tenant's logic workers
 * (it compiles; no pattern that can backtrack for ever). Empty when it is fine. Tool schemas come
 * from tenants and from external MCP servers alike.
 */
export async function inputSchemaProblems(schema: Record<string, unknown>, logic: TenantLogic): Promise<FieldError[]> {
  if (schema.type !== 'object') return [{ field: 'inputSchema.type', message: 'must be "object"' }]
  const problems = await logic.schemaProblems(schema)
  return problems.map(({ field, message }) => ({ field: field ? `inputSchema.${field}` : 'inputSchema', message }))
}

/** Throws `ToolArgumentsError` naming each field (`args.a`) when `args` do not match the schema. */
export async function checkToolArgs(toolName: string, schema: Record<string, unknown>, args: unknown, logic: TenantLogic): Promise<void> {
  const problems = await logic.validate(schema, args)
  if (problems.length > 0) {
    throw new ToolArgumentsError(
      toolName,
      problems.map((error) => ({ ...error, field: error.field ? `args.${error.field}` : 'args' }))
    )
  }
}
