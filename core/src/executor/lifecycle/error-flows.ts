import type { Application } from '../../declarations.js'
import { systemPrincipal } from '../system-principal.js'
import type { ExecutionEnd, ExecutionLifecycleHandler } from './execution-lifecycle.js'

/** What an error flow gets as its input: the execution that failed, and where. */
export interface FailedExecutionInput {
  execution: {
    id: string
    flowId: string
    flowName: string
    trigger: string
    error: string | null
    failedNodeId: string | null
    failedNodeType: string | null
    input: unknown
  }
}

async function runErrorFlow(app: Application, { executionId, principal }: ExecutionEnd): Promise<void> {
  const failed = (await app.service('executions')._get(executionId, { principal })) as { flowId: string | null; trigger: string; error: string | null; input: unknown }
  // An error flow's own failure runs nothing more: no loops between flows that handle each other.
  if (!failed.flowId || failed.trigger === 'error') return
  const flow = await app.service('flows')._get(failed.flowId, { principal })
  if (!flow.errorFlowId) return
  const node = (await app
    .get('knex')('executionNodes')
    .withSchema(principal.tenantSchema)
    .where({ executionId, status: 'failed' })
    .orderBy('finishedAt', 'asc')
    .first('nodeId')) as { nodeId: string } | undefined
  const input: FailedExecutionInput = {
    execution: {
      id: executionId,
      flowId: flow.id,
      flowName: flow.name,
      trigger: failed.trigger,
      error: failed.error,
      failedNodeId: node?.nodeId ?? null,
      failedNodeType: flow.nodes.find((candidate) => candidate.id === node?.nodeId)?.type ?? null,
      input: failed.input
    }
  }
  await app.service('executions').create({ flowId: flow.errorFlowId, input }, { principal: systemPrincipal(principal.tenantId), trigger: 'error' })
}

/**
 * Error flows: when an execution of a flow that names an `errorFlowId` fails, that flow runs
 * (`trigger: "error"`, counted against the tenant's quota) with what failed as its input. Runs
 * where the execution ended, once per failure; a failure to start it is logged and changes
 * nothing else.
 */
export function errorFlows(app: Application): ExecutionLifecycleHandler {
  return {
    onFinish(end) {
      if (end.status !== 'failed') return
      runErrorFlow(app, end).catch((error: Error) =>
        app.get('logger').warn({ err: error, executionId: end.executionId, tenantId: end.principal.tenantId }, 'the error flow of a failed execution could not start')
      )
    }
  }
}
