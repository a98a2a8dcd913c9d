import type { NodeType } from '@troupe/sdk/plugin'
import { triggerParamsSchema, type TriggerParams } from './trigger-params.js'

/** The host receives the request and starts the execution with its JSON body as the input. */
export const triggerWebhookNode: NodeType<TriggerParams> = {
  type: 'trigger.webhook',
  displayName: 'Webhook trigger',
  description: "Starts the flow when its webhook URL receives a request; passes on the request's JSON body.",
  category: 'Triggers',
  params: triggerParamsSchema,
  inputs: [],
  outputs: [{ name: 'main' }],
  trigger: true,
  async execute({ executionInput }) {
    return { output: executionInput }
  }
}
