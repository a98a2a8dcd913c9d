import type { NodeExecutionContext, NodeOutput } from '@troupe/sdk/plugin'

/** How often a node that waits for a sub-flow looks at it by itself, should the resume at its end never come (a crash in between). */
export const subflowCheckMs = 60_000

/** Where a started sub-flow's run stands, as the node that waits for it needs it. */
export type SubflowOutcome =
  | { ended: true; status: 'succeeded'; output: unknown }
  | { ended: true; status: 'failed' | 'cancelled'; error: string }
  | { ended: false }

/** Reads a sub-flow's run (its parent's tenant's, through the records client). */
export async function subflowOutcome(services: NodeExecutionContext['services'], executionId: string): Promise<SubflowOutcome> {
  const run = await services.records.get('executions', executionId)
  if (run.status === 'succeeded') return { ended: true, status: 'succeeded', output: run.output }
  if (run.status === 'failed' || run.status === 'cancelled') return { ended: true, status: run.status, error: run.error ?? run.status }
  return { ended: false }
}

/** The wait of a node until its sub-flows' ends resume it, or its own check comes (`checkMs` from now). */
export function waitForSubflows(reason: string, data: Record<string, unknown>, checkMs = subflowCheckMs): NodeOutput {
  return { output: null, wait: { reason, data, until: new Date(Date.now() + checkMs).toISOString() } }
}
