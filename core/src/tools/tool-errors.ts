import type { FieldError } from '../validation/ajv.js'

/** Arguments that do not match the tool's input schema; `fields` name each problem. */
export class ToolArgumentsError extends Error {
  constructor(
    readonly toolName: string,
    readonly fields: FieldError[]
  ) {
    super(`Invalid arguments for tool ${toolName}: ${fields.map((error) => (error.field ? `${error.field} ${error.message}` : error.message)).join('; ')}`)
    this.name = 'ToolArgumentsError'
  }
}

/** A tool that ran and failed (threw, timed out, answered an HTTP error...). */
export class ToolCallError extends Error {
  constructor(
    message: string,
    readonly logs: string[] = [],
    readonly durationMs = 0
  ) {
    super(message)
    this.name = 'ToolCallError'
  }
}
