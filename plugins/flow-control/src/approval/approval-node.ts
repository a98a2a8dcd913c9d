import type { NodeType } from '@troupe/sdk/plugin'

export interface ApprovalParams {
  title?: string
  description?: string
  form?: Record<string, unknown>
  approverRole?: 'member' | 'admin'
  timeoutMinutes?: number
  notifyUrl?: string
}

/** What a decision resumes the node with (set by the decision service, never by a client directly). */
export interface ApprovalResume {
  decision: 'approve' | 'reject'
  data: Record<string, unknown> | null
  decidedBy: string
}

/** What the approver sees of the node's input, at most. */
export const maxInputBytes = 64 * 1024

function shownInput(input: unknown): unknown {
  const text = JSON.stringify(input ?? null)
  return Buffer.byteLength(text) > maxInputBytes ? { truncated: true, bytes: Buffer.byteLength(text) } : (input ?? null)
}

/**
 * A person decides: the execution waits (no runner, no lease, across restarts) until an approver
 * approves or rejects in the inbox or through `POST /executions/:id/approvals`, or until
 * `timeoutMinutes` pass; the node then continues on `approved`, `rejected` or `timedOut` with
 * `{decision, data, decidedBy, input}`. Every param is optional: a bare approval step works.
 */
export const approvalNode: NodeType<ApprovalParams> = {
  type: 'human.approval',
  displayName: 'Human approval',
  description: 'Waits for an admin or member to approve or reject (with an optional form), or for a timeout.',
  category: 'Human',
  params: {
    type: 'object',
    properties: {
      title: { type: 'string', maxLength: 200, title: 'Title', description: 'What to decide; may be a template such as {{ input.orderId }}' },
      description: { type: 'string', maxLength: 5000, title: 'Description', 'x-troupe-multiline': true },
      form: { type: 'object', title: 'Form', description: 'JSON Schema of what the approver fills in (checked before the run goes on)' },
      approverRole: { type: 'string', enum: ['member', 'admin'], title: 'Who may decide', description: 'Admins and members (default), or admins only' },
      timeoutMinutes: { type: 'number', exclusiveMinimum: 0, maximum: 525_600, title: 'Timeout (minutes)', description: 'Then the run goes on along timedOut (0.5 is thirty seconds); empty: wait for ever' },
      notifyUrl: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000, title: 'Notify URL', description: 'Gets a POST when the approval opens' }
    },
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'approved' }, { name: 'rejected' }, { name: 'timedOut' }],
  // Opening the same approval again finds it open: a re-run after a crash repeats nothing.
  idempotent: true,
  async execute({ input, params, resume, services, executionId, nodeId }) {
    if (resume?.timedOut) {
      await services.records.create('approvals', { executionId, nodeId, status: 'timedOut' })
      return { output: { decision: 'timedOut', data: null, decidedBy: null, input }, port: 'timedOut' }
    }
    if (resume) {
      const { decision, data, decidedBy } = resume.data as ApprovalResume
      return { output: { decision, data, decidedBy, input }, port: decision === 'approve' ? 'approved' : 'rejected' }
    }
    if (params.form) {
      const problems = await services.logic.schemaProblems(params.form)
      if (problems.length > 0) throw new Error(`The approval form is not a usable JSON Schema: ${problems.map((problem) => `form${problem.field ? `.${problem.field}` : ''} ${problem.message}`).join('; ')}`)
    }
    const expiresAt = params.timeoutMinutes ? new Date(Date.now() + params.timeoutMinutes * 60_000).toISOString() : null
    const title = params.title?.trim() || 'Approval'
    const approval = await services.records.create('approvals', {
      executionId,
      nodeId,
      title,
      description: params.description ?? '',
      form: params.form ?? null,
      approverRole: params.approverRole ?? 'member',
      input: shownInput(input),
      expiresAt,
      notifyUrl: params.notifyUrl ?? null
    })
    // The approval's own expiry (the one opened first, when this is a re-run after a crash).
    const until = approval.expiresAt ? { until: new Date(approval.expiresAt).toISOString() } : {}
    return { output: null, wait: { reason: title, data: { approvalId: approval.id }, ...until } }
  }
}
