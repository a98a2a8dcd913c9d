import { dataReadBy } from './expression-roots.js'
import { fieldPath, lookUpFieldPath } from './field-path.js'
import { isTruthy } from './jsonata-truthiness.js'
import type { LogicAnswer, LogicRequest } from './logic-request.js'
import { dataOnly } from './to-json-value.js'
import type { TenantLogic } from '../plugin/tenant-logic.js'

/** Where a `TenantLogic` sends its requests: an isolated worker pool in the host, the calling thread in tests. */
export type AnswerLogic = (request: LogicRequest, options: { signal?: AbortSignal }) => Promise<LogicAnswer>

function expect<Op extends LogicAnswer['op']>(op: Op, answer: LogicAnswer): Extract<LogicAnswer, { op: Op }> {
  if (answer.op !== op) throw new Error(`Expected an answer to ${op}, got one to ${answer.op}`)
  return answer as Extract<LogicAnswer, { op: Op }>
}

/**
 * A `TenantLogic` over `answer`. Two things stay in the calling thread because they are linear
 * and never copy: an expression that is only a plain field path (`value.user.name`, what most
 * transforms are) is looked up directly, with JSONata's answer; and only the top-level fields an
 * expression may read are sent along with it.
 */
export function tenantLogicFrom(answer: AnswerLogic): TenantLogic {
  return {
    async evaluate(expression, data, options = {}) {
      options.signal?.throwIfAborted()
      const found = lookUpFieldPath(data, fieldPath(expression))
      if (found) {
        if (options.as === 'boolean') return isTruthy(found.value)
        return found.value === undefined ? undefined : JSON.parse(JSON.stringify(dataOnly(found.value)))
      }
      const request: LogicRequest = { op: 'evaluate', expression, data: dataReadBy(expression, data), as: options.as }
      const result = expect('evaluate', await answer(request, options))
      if (options.as === 'boolean') return result.truthy === true
      return result.json === undefined ? undefined : JSON.parse(result.json)
    },
    async schemaProblems(schema) {
      return expect('schema-problems', await answer({ op: 'schema-problems', schema }, {})).problems
    },
    async validate(schema, value) {
      return expect('validate', await answer({ op: 'validate', schema, value }, {})).problems
    },
    async firstMatch(rules, text, options = {}) {
      return expect('first-match', await answer({ op: 'first-match', rules, text }, options)).match
    }
  }
}
