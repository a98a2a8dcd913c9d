import type jsonata from 'jsonata'
import { CompiledExpressions } from './compiled-expressions.js'
import { guardEvaluation } from './runaway-guard.js'

export interface JsonataLimits {
  /** Budget of one evaluation, in milliseconds of `clock`. */
  timeoutMs: number
  /** What the budget counts: elapsed time (default) or the process's CPU time. */
  clock?: 'wall' | 'cpu'
  /** Deepest nesting of evaluation steps, which runaway recursion grows. */
  maxDepth: number
}

export const defaultJsonataLimits: JsonataLimits = { timeoutMs: 1000, maxDepth: 500 }

/** JSONata reports errors as plain objects with a message and, mostly, the position they were found at. */
function expressionError(error: unknown, prefix: string): Error {
  const { message, position } = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    message?: unknown
    position?: unknown
  }
  const where = typeof position === 'number' ? ` at position ${position}` : ''
  return new Error(`${prefix}: ${String(message)}${where}`, { cause: error })
}

const compiledExpressions = new CompiledExpressions()

function compile(expression: string): jsonata.Expression {
  try {
    return compiledExpressions.lend(expression)
  } catch (error) {
    throw expressionError(error, 'Invalid expression')
  }
}

/**
 * Evaluates a JSONata expression against `data`. JSONata only reads data (own properties, no
 * JavaScript), and the evaluation is bounded in time and depth and stops when `signal` aborts.
 * Resolves to JSONata's result, `undefined` when nothing matched.
 *
 * This bounds time cooperatively only: memory and a single long built-in call (a regular
 * expression, a huge range) are not bounded here. Tenant expressions run it inside the host's
 * isolated workers, which add both (see `TenantLogic`).
 */
export async function evaluateJsonata(
  expression: string,
  data: unknown,
  limits: Partial<JsonataLimits> & { signal?: AbortSignal } = {}
): Promise<unknown> {
  const compiled = compile(expression)
  const signal = limits.signal ?? new AbortController().signal
  const stopReason = guardEvaluation(compiled, { ...defaultJsonataLimits, ...limits, signal })
  try {
    const result = await compiled.evaluate(data)
    compiledExpressions.giveBack(expression, compiled)
    return result
  } catch (error) {
    throw stopReason() ?? expressionError(error, 'Expression failed')
  }
}
