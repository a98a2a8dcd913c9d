import { evaluateJsonata } from './evaluate-jsonata.js'
import type { FieldError } from './field-errors.js'
import { isTruthy } from './jsonata-truthiness.js'
import { firstMatchingRule, type RegexRule, type RegexRuleMatch } from './regex-rules.js'
import { tenantSchemaProblems, validateAgainstTenantSchema } from './tenant-json-schema.js'
import { dataOnly } from './to-json-value.js'

/** One evaluation of a tenant's logic: what the host's isolated workers run. */
export type LogicRequest =
  | {
      op: 'evaluate'
      expression: string
      data: unknown
      /** `boolean`: JSONata's truthiness of the result, as conditions read it. */
      as?: 'value' | 'boolean'
      maxDepth?: number
    }
  | { op: 'schema-problems'; schema: Record<string, unknown> }
  | { op: 'validate'; schema: Record<string, unknown>; value: unknown }
  | { op: 'first-match'; rules: RegexRule[]; text: string }

/**
 * The answer to a `LogicRequest`. An expression's value travels as JSON text (`undefined` when
 * nothing matched), so its size is known before anyone parses it.
 */
export type LogicAnswer =
  | { op: 'evaluate'; json?: string; truthy?: boolean }
  | { op: 'schema-problems'; problems: FieldError[] }
  | { op: 'validate'; problems: FieldError[] }
  | { op: 'first-match'; match?: RegexRuleMatch }

export interface LogicLimits {
  timeoutMs: number
  /** What `timeoutMs` counts: elapsed time (default), or the process's CPU time in a worker process of its own. */
  clock?: 'wall' | 'cpu'
  /** Largest value an expression may give, as JSON, in bytes. */
  maxResultBytes: number
  signal?: AbortSignal
}

export class ResultTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number
  ) {
    super(`Expression result is larger than ${maxBytes} bytes (${bytes} bytes as JSON)`)
    this.name = 'ResultTooLargeError'
  }
}

async function evaluate(request: Extract<LogicRequest, { op: 'evaluate' }>, limits: LogicLimits): Promise<LogicAnswer> {
  const value = await evaluateJsonata(request.expression, request.data, { timeoutMs: limits.timeoutMs, clock: limits.clock, maxDepth: request.maxDepth, signal: limits.signal })
  if (request.as === 'boolean') return { op: 'evaluate', truthy: await isTruthy(value) }
  if (value === undefined) return { op: 'evaluate' }
  const json = JSON.stringify(dataOnly(value))
  // Characters are at least one byte each: most results are measured without encoding them.
  if (json.length > limits.maxResultBytes) throw new ResultTooLargeError(json.length, limits.maxResultBytes)
  if (json.length * 3 > limits.maxResultBytes) {
    const bytes = Buffer.byteLength(json)
    if (bytes > limits.maxResultBytes) throw new ResultTooLargeError(bytes, limits.maxResultBytes)
  }
  return { op: 'evaluate', json }
}

/** Answers one request in this thread. Nothing here bounds memory: hosts run it in isolated workers. */
export async function answerLogicRequest(request: LogicRequest, limits: LogicLimits): Promise<LogicAnswer> {
  switch (request.op) {
    case 'evaluate':
      return evaluate(request, limits)
    case 'schema-problems':
      return { op: 'schema-problems', problems: tenantSchemaProblems(request.schema) }
    case 'validate':
      return { op: 'validate', problems: validateAgainstTenantSchema(request.schema, request.value) }
    case 'first-match':
      return { op: 'first-match', match: firstMatchingRule(request.rules, request.text) }
  }
}
