import type { NodeType } from '@troupe/sdk/plugin'
import { triggerParamsSchema, type TriggerParams } from './trigger-params.js'

export const triggerManualNode: NodeType<TriggerParams> = {
  type: 'trigger.manual',
  displayName: 'Manual trigger',
  description: 'Starts the flow when someone runs it from the editor or the API; passes on the input given to the run.',
  category: 'Triggers',
  params: triggerParamsSchema,
  inputs: [],
  outputs: [{ name: 'main' }],
  trigger: true,
  async execute({ executionInput }) {
    return { output: executionInput }
  }
}
