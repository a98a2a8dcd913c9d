import type { NodeType } from '@troupe/sdk/plugin'
import { noParamsSchema, type NoParams } from './no-params.js'

/** The host receives the request and starts the execution with its JSON body as the input. */
export const triggerWebhookNode: NodeType<NoParams> = {
  type: 'trigger.webhook',
  displayName: 'Webhook trigger',
  description: "Starts the flow when its webhook URL receives a request; passes on the request's JSON body.",
  category: 'Triggers',
  params: noParamsSchema,
  inputs: [],
  outputs: [{ name: 'main' }],
  trigger: true,
  async execute({ executionInput }) {
    return { output: executionInput }
  }
}
