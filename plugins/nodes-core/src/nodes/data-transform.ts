import type { NodeType } from '@troupe/sdk/plugin'
import { evaluateExpression } from '../expressions/evaluate-expression.js'
import { toJsonValue } from '../expressions/to-json-value.js'
import { expressionParam } from './expression-param.js'

export interface TransformParams {
  expression: string
}

export const dataTransformNode: NodeType<TransformParams> = {
  type: 'data.transform',
  displayName: 'Transform',
  description: 'Computes a new value with a JSONata expression: pick fields, reshape objects, filter and aggregate lists.',
  category: 'Data',
  params: {
    type: 'object',
    properties: {
      expression: expressionParam(
        'JSONata over input (the execution input), nodes (outputs by node id) and value (this node’s input), ' +
          'e.g. { "name": value.user.name, "total": $sum(value.items.price) }'
      )
    },
    required: ['expression'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute(context) {
    return { output: toJsonValue(await evaluateExpression(context.params.expression, context)) }
  }
}
