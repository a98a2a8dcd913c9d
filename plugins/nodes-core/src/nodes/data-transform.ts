import type { NodeType } from '@troupe/sdk/plugin'
import { expressionParam } from './expression-param.js'

export interface TransformParams {
  expression: string
}

export const dataTransformNode: NodeType<TransformParams> = {
  type: 'data.transform',
  displayName: 'Transform',
  description: 'Computes a new value with a JSONata expression: pick fields, reshape objects, filter and aggregate lists.',
  category: 'Data',
  // Computes its output from its input only: after a crash it is simply run again.
  idempotent: true,
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
  async execute({ params, executionInput, nodes, input, signal, services }) {
    const value = await services.logic.evaluate(params.expression, { input: executionInput, nodes, value: input }, { signal })
    return { output: value ?? null }
  }
}
