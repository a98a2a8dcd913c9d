import type jsonata from 'jsonata'
import type { NodeExecutionContext } from '@troupe/sdk/plugin'
import { CompiledExpressions } from './compiled-expressions.js'
import { fieldPath, lookUpFieldPath } from './field-path.js'
import { guardEvaluation } from './runaway-guard.js'

/** The parts of a node's context an expression reads. */
export type ExpressionContext = Pick<NodeExecutionContext, 'executionInput' | 'nodes' | 'input' | 'signal'>

export interface ExpressionLimits {
  timeoutMs: number
  maxDepth: number
}

export const defaultExpressionLimits: ExpressionLimits = { timeoutMs: 1000, maxDepth: 500 }

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
 * Evaluates a JSONata expression against `{ input, nodes, value }`: the execution's input, the
 * outputs of completed nodes by id, and the node's own input. JSONata only reads data (own
 * properties, no JavaScript), and the evaluation is bounded in time and depth and stops when the
 * node's signal aborts. Resolves to JSONata's result, `undefined` when nothing matched.
 */
export async function evaluateExpression(
  expression: string,
  context: ExpressionContext,
  limits: Partial<ExpressionLimits> = {}
): Promise<unknown> {
  const data = { input: context.executionInput, nodes: context.nodes, value: context.input }
  // A plain field path (most transforms pick fields) is looked up directly: the same answer as
  // JSONata's, without its evaluator. An aborted run still goes through JSONata, which refuses it.
  if (!context.signal.aborted) {
    const found = lookUpFieldPath(data, fieldPath(expression))
    if (found) return found.value
  }
  const compiled = compile(expression)
  const stopReason = guardEvaluation(compiled, { ...defaultExpressionLimits, ...limits, signal: context.signal })
  try {
    const result = await compiled.evaluate(data)
    compiledExpressions.giveBack(expression, compiled)
    return result
  } catch (error) {
    throw stopReason() ?? expressionError(error, 'Expression failed')
  }
}
