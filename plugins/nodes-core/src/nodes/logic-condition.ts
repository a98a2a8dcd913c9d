import type { NodeType } from '@troupe/sdk/plugin'
import { evaluateExpression } from '../expressions/evaluate-expression.js'
import { isTruthy } from '../expressions/is-truthy.js'
import { expressionParam } from './expression-param.js'

export interface ConditionParams {
  expression: string
}

export const logicConditionNode: NodeType<ConditionParams> = {
  type: 'logic.condition',
  displayName: 'Condition',
  description: 'Tests a JSONata expression and passes its input on through the `true` or the `false` port.',
  category: 'Logic',
  params: {
    type: 'object',
    properties: {
      expression: expressionParam(
        'JSONata over input (the execution input), nodes (outputs by node id) and value (this node’s input), e.g. input.total > 100'
      )
    },
    required: ['expression'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'true' }, { name: 'false' }],
  async execute(context) {
    const passed = await isTruthy(await evaluateExpression(context.params.expression, context))
    return { output: context.input, port: passed ? 'true' : 'false' }
  }
}
