import { approvalDecisionSchema, approvalQuerySchema, approvalSchema, serviceMethods, servicePaths, type Approval } from '@troupe/sdk'
import { definePlugin } from '@troupe/sdk/plugin'
import { approvalNode } from './approval/approval-node.js'
import { approvalsMigration } from './approval/approvals-migration.js'
import { ApprovalsService } from './approval/approvals.service.js'
import { ApprovalDecisionsService } from './approval/approval-decisions.service.js'
import { scheduleNode, scheduleTrigger } from './schedule/schedule-trigger.js'
import { flowCallNode } from './subflow/flow-call-node.js'
import { flowMapNode } from './subflow/flow-map-node.js'

export { approvalNode, type ApprovalParams } from './approval/approval-node.js'
export { scheduleNode, scheduleTrigger } from './schedule/schedule-trigger.js'
export { flowCallNode, type FlowCallParams } from './subflow/flow-call-node.js'
export { flowMapNode, maxMapItems, type FlowMapParams } from './subflow/flow-map-node.js'
export { nextFireTimes, scheduleProblems } from './schedule/schedule.js'

/** Flow control beyond the DAG: schedules, sub-flows, human approval steps (the inbox, decisions, timeouts). */
export default definePlugin({
  id: 'flow-control',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Schedules (cron in a time zone, or an interval), sub-flows and maps over lists, and human approval steps with an inbox',
  contributes: { nodeTypes: [approvalNode as never, scheduleNode as never, flowCallNode as never, flowMapNode as never], triggerTypes: [scheduleTrigger] },
  setup(host) {
    host.addTenantMigrations([approvalsMigration])
    const approvals = new ApprovalsService(host.tenantTable<Approval>({ name: 'approvals', jsonColumns: ['form', 'input', 'data'] }), host)
    host.registerService(
      {
        path: servicePaths.approvals,
        methods: [...serviceMethods.approvals],
        schemas: { query: approvalQuerySchema, result: approvalSchema },
        permissions: (_principal, { allow }) => allow('read')
      },
      approvals
    )
    const service = () => host.app.service('approvals') as unknown as ApprovalsService
    host.registerService(
      {
        path: servicePaths.approvalDecisions,
        methods: [...serviceMethods['executions/:executionId/approvals']],
        schemas: { data: approvalDecisionSchema, result: approvalSchema },
        // Viewers read approvals but never decide them; an approval may ask for an admin.
        permissions: (principal, { allow }) => {
          if (principal.role !== 'viewer') allow('create')
        }
      },
      new ApprovalDecisionsService(service, host)
    )
    host.app.service('executions').on('patched', (execution: { id: string; status: string }, context?: { params?: { principal?: { tenantId: string; tenantSchema?: string } } }) => {
      const principal = context?.params?.principal
      if (!principal?.tenantSchema) return
      approvals.closeForExecution(execution, principal).catch((error: Error) => host.logger.warn({ executionId: execution.id, error: error.message }, 'closing the approvals of an ended execution failed'))
    })
  }
})
