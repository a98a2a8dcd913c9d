import { randomUUID } from 'node:crypto'
import { isTerminalExecutionStatus, type Approval } from '@troupe/sdk'
import type { PluginHost, ServiceParams, TenantTableService } from '@troupe/sdk/plugin'
import { notifyApprovers } from './notify-approvers.js'

/** What the `human.approval` node sends (internal calls only): open the approval, or mark it timed out. */
export type ApprovalOpening = Partial<Omit<Approval, 'status'>> & { executionId: string; nodeId: string; notifyUrl?: string | null; status?: 'timedOut' }

type Params = ServiceParams & { principal?: { tenantId: string; tenantSchema?: string } }

/**
 * `/api/v1/approvals`: the tenant's approvals, readable by every role (the inbox is
 * `?status=pending`). Only the node opens them (an internal `create`, once per execution and node)
 * and only the decision service and the node decide them (internal `patch`).
 */
export class ApprovalsService {
  constructor(
    private readonly table: TenantTableService<Approval>,
    private readonly host: PluginHost
  ) {}

  find(params: Params) {
    return this.table.find(params)
  }

  get(id: string, params: Params) {
    return this.table.get(id, params)
  }

  async create(data: ApprovalOpening, params: Params): Promise<Approval> {
    const internal = { principal: params.principal }
    const existing = await this.byNode(data.executionId, data.nodeId, internal)
    if (data.status === 'timedOut') {
      if (!existing || existing.status !== 'pending') return existing!
      return this.approvals().patch(existing.id, { status: 'timedOut' }, internal)
    }
    // Opened already: the node ran again after a crash.
    if (existing) return existing
    const { notifyUrl, ...fields } = data
    const executions = this.host.app.service('executions') as unknown as { get(id: string, params: object): Promise<{ flowId: string | null }> }
    const execution = await executions.get(data.executionId, internal)
    const approval = await this.table._create({ ...fields, id: randomUUID(), flowId: execution.flowId, status: 'pending' }, internal)
    if (notifyUrl) void notifyApprovers(this.host, approval, notifyUrl)
    return approval
  }

  async patch(id: string, data: Partial<Approval>, params: Params): Promise<Approval> {
    return this.table._patch(id, { ...data, updatedAt: new Date().toISOString() }, params)
  }

  /**
   * Approvals left pending by an execution that ended another way (cancelled, failed) close with
   * it. A run that succeeded had no node waiting, so it is not looked up (no query per execution).
   */
  async closeForExecution(execution: { id: string; status: string }, principal: Params['principal']): Promise<void> {
    if (execution.status === 'succeeded' || !isTerminalExecutionStatus(execution.status as never)) return
    const open = (await this.table._find({ principal, query: { executionId: execution.id, status: 'pending' }, paginate: false })) as Approval[]
    for (const approval of open) await this.approvals().patch(approval.id, { status: 'cancelled' }, { principal })
  }

  private async byNode(executionId: string, nodeId: string, params: Params): Promise<Approval | undefined> {
    const [found] = (await this.table._find({ ...params, query: { executionId, nodeId, $limit: 1 }, paginate: false })) as Approval[]
    return found
  }

  /** Through the service, so its events reach the tenant's inbox. */
  private approvals() {
    return this.host.app.service('approvals') as unknown as ApprovalsService
  }
}
