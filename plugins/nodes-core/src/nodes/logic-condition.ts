import type { NodeType } from '@troupe/sdk/plugin'
import { expressionParam } from './expression-param.js'

export interface ConditionParams {
  expression: string
}

export const logicConditionNode: NodeType<ConditionParams> = {
  type: 'logic.condition',
  displayName: 'Condition',
  description: 'Tests a JSONata expression and passes its input on through the `true` or the `false` port.',
  category: 'Logic',
  idempotent: true,
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
  async execute({ params, executionInput, nodes, input, signal, services }) {
    const passed = await services.logic.evaluate(params.expression, { input: executionInput, nodes, value: input }, { signal, as: 'boolean' })
    return { output: input, port: passed ? 'true' : 'false' }
  }
}
