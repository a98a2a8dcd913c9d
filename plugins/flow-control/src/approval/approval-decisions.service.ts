import { BadRequest, Conflict, Forbidden, NotFound } from '@feathersjs/errors'
import type { Approval, ApprovalDecision } from '@troupe/sdk'
import type { PluginHost, ServiceParams } from '@troupe/sdk/plugin'
import type { ApprovalResume } from './approval-node.js'
import type { ApprovalsService } from './approvals.service.js'

type Principal = { userId: string; tenantId: string; role: 'admin' | 'member' | 'viewer'; tenantSchema?: string }
type Params = ServiceParams & { principal?: Principal; route?: { executionId?: string } }

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `POST /api/v1/executions/:executionId/approvals` `{nodeId, decision, data?}`: an admin or member
 * (an admin, when the node asks for one) decides a pending approval. An approval's `data` is
 * checked against its form by the tenant's logic workers; the decision is claimed atomically (a
 * second decider gets a 409), then the execution resumes on any runner.
 */
export class ApprovalDecisionsService {
  constructor(
    private readonly approvals: () => ApprovalsService,
    private readonly host: PluginHost
  ) {}

  async create(decision: ApprovalDecision, params: Params): Promise<Approval> {
    const principal = params.principal!
    const executionId = params.route?.executionId ?? ''
    const internal = { principal }
    const [approval] = uuid.test(executionId)
      ? ((await this.approvals().find({ ...internal, query: { executionId, nodeId: decision.nodeId, $limit: 1 }, paginate: false })) as Approval[])
      : []
    if (!approval) throw new NotFound(`Execution ${executionId} has no approval at node ${decision.nodeId}`)
    if (approval.approverRole === 'admin' && principal.role !== 'admin') throw new Forbidden('Only an admin may decide this approval')
    if (approval.status !== 'pending') throw new Conflict(`This approval was ${approval.status} already`)
    if (approval.expiresAt && new Date(approval.expiresAt).getTime() <= Date.now()) throw new Conflict('This approval has expired')
    if (decision.decision === 'approve' && approval.form) {
      const problems = await this.host.tenantLogic(principal.tenantId).validate(approval.form, decision.data ?? {})
      if (problems.length > 0) {
        const fields = problems.map((problem) => ({ field: problem.field ? `data.${problem.field}` : 'data', message: problem.message }))
        throw new BadRequest(`Invalid approval: ${fields.map((field) => `${field.field} ${field.message}`).join('; ')}`, fields)
      }
    }
    const decided = await this.claim(approval, decision, principal)
    const resume: ApprovalResume = { decision: decision.decision, data: decision.data ?? null, decidedBy: principal.userId }
    try {
      await this.host.resumeExecution({ executionId, nodeId: decision.nodeId, data: resume, principal })
    } catch (error) {
      // Not resumed: the decision did not happen. An execution that no longer waits closes the approval.
      const status = error instanceof Conflict || error instanceof NotFound ? 'cancelled' : 'pending'
      await this.approvals().patch(approval.id, { status, decidedBy: null, decidedAt: null, data: null }, internal)
      throw error
    }
    return decided
  }

  /** Decides the approval only if it is still pending, so two deciders cannot both win. */
  private async claim(approval: Approval, decision: ApprovalDecision, principal: Principal): Promise<Approval> {
    try {
      return await this.approvals().patch(
        approval.id,
        { status: decision.decision === 'approve' ? 'approved' : 'rejected', decidedBy: principal.userId, decidedAt: new Date().toISOString(), data: decision.data ?? null },
        { principal, query: { status: 'pending' } }
      )
    } catch (error) {
      if (error instanceof NotFound) throw new Conflict('This approval was decided already')
      throw error
    }
  }
}
