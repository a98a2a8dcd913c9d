import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { toFieldErrors, type FieldError } from '../validation/ajv.js'
import { ToolArgumentsError } from './tool-errors.js'

const addFormats = addFormatsPlugin.default
// Tool schemas come from users and from external MCP servers: unknown keywords are tolerated.
const toolAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, validateSchema: true }))

const compiled = new Map<string, ValidateFunction>()
const maxCached = 1000

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema)
  let validate = compiled.get(key)
  if (!validate) {
    validate = toolAjv.compile(schema)
    if (compiled.size >= maxCached) compiled.delete(compiled.keys().next().value!)
    compiled.set(key, validate)
  }
  return validate
}

/**
 * Problems with a tool's input schema as a schema: it must compile, and describe an object
 * (tools take named arguments, as OpenAI functions and MCP tools do). Empty when it is fine.
 */
export function inputSchemaProblems(schema: Record<string, unknown>): FieldError[] {
  if (schema.type !== 'object') return [{ field: 'inputSchema.type', message: 'must be "object"' }]
  try {
    compile(schema)
    return []
  } catch (error) {
    return [{ field: 'inputSchema', message: `is not a valid JSON Schema: ${(error as Error).message}` }]
  }
}

/** Throws `ToolArgumentsError` naming each field (`args.a`) when `args` do not match the schema. */
export function checkToolArgs(toolName: string, schema: Record<string, unknown>, args: unknown): void {
  const validate = compile(schema)
  if (!validate(args)) {
    throw new ToolArgumentsError(
      toolName,
      toFieldErrors(validate.errors ?? []).map((error) => ({ ...error, field: error.field ? `args.${error.field}` : 'args' }))
    )
  }
}
