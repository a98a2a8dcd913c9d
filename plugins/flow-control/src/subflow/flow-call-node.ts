import { referenceAnnotation, type NodeType } from '@troupe/sdk/plugin'
import { subflowOutcome, waitForSubflows } from './sub-flow-run.js'

export interface FlowCallParams {
  flowId: string
  /** The sub-flow's input, an object whose values may be templates; the node's input when absent. */
  input?: Record<string, unknown>
}

/**
 * Runs another flow of the tenant as a sub-flow and answers its output. The execution waits
 * meanwhile (no runner held), and goes on when the sub-flow's run ends; a sub-flow that fails or
 * is cancelled fails the node with its error. Run again after a crash, it finds the run it
 * started instead of starting another.
 */
export const flowCallNode: NodeType<FlowCallParams> = {
  type: 'flow.call',
  displayName: 'Run sub-flow',
  description: 'Runs another flow of this workspace with an input and continues with its output.',
  category: 'Flow',
  params: {
    type: 'object',
    properties: {
      flowId: { type: 'string', format: 'uuid', title: 'Flow', description: 'The flow to run; it must not lead back to this one', [referenceAnnotation]: 'flows' },
      input: {
        type: 'object',
        title: 'Input',
        description: 'The sub-flow\'s input: an object whose values may be templates such as {{ input.orderId }}; empty: this node\'s input'
      }
    },
    required: ['flowId'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  idempotent: true,
  callsFlows: (params) => (params.flowId ? [{ field: 'flowId', flowId: params.flowId }] : []),
  async execute({ input, params, services }) {
    // First run, resume at the sub-flow's end, periodic check, or a run again after a crash: the same started run is found.
    const { executionId } = await services.subflows.start({ flowId: params.flowId, input: params.input ?? input ?? {} })
    const outcome = await subflowOutcome(services, executionId)
    if (!outcome.ended) return waitForSubflows('Waiting for a sub-flow', { executionId, flowId: params.flowId })
    if (outcome.status !== 'succeeded') throw new Error(`The sub-flow's run ${executionId} ${outcome.status}: ${outcome.error}`)
    return { output: outcome.output }
  }
}
