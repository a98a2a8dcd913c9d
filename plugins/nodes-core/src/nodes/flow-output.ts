import type { NodeType } from '@troupe/sdk/plugin'
import { noParamsSchema, type NoParams } from './no-params.js'

/** Ends a branch: it has no output port, and the host makes its output the execution's output. */
export const flowOutputNode: NodeType<NoParams> = {
  type: 'flow.output',
  displayName: 'Output',
  description: "Ends the branch and makes its input the execution's result.",
  category: 'Flow',
  idempotent: true,
  params: noParamsSchema,
  inputs: [{ name: 'main' }],
  outputs: [],
  async execute({ input }) {
    return { output: input }
  }
}
