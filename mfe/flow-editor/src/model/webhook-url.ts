import { restPrefix, servicePaths } from '@troupe/sdk'

/** The node type whose flows callers start by POSTing to the flow's webhook URL. */
export const webhookTriggerType = 'trigger.webhook'

/** Where callers POST to start the flow through its webhook trigger; none before the flow is saved (it has no id yet). */
export function webhookUrl(origin: string, flowId: string | undefined): string | undefined {
  return flowId ? `${origin}${restPrefix}/${servicePaths.hooks.replace(':flowId', encodeURIComponent(flowId))}` : undefined
}
