import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

export const approvalStatuses = ['pending', 'approved', 'rejected', 'timedOut', 'cancelled'] as const
export type ApprovalStatus = (typeof approvalStatuses)[number]

/**
 * A request for a person's decision, made by a `human.approval` node: its execution waits (no
 * runner, no lease) until an admin or member (or only an admin, per the node) decides, or until
 * it expires. Kept by the flow-control plugin.
 */
export const approvalSchema = Type.Object(
  {
    id: Id,
    executionId: Id,
    nodeId: Type.String(),
    flowId: Type.Union([Id, Type.Null()]),
    title: Type.String(),
    description: Type.String(),
    /** JSON Schema (type `object`) of what an approver sends with the decision; `null`: nothing. */
    form: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    /** Who may decide: `member` (admins and members) or `admin`. */
    approverRole: Type.Union([Type.Literal('member'), Type.Literal('admin')]),
    /** What the node was given, for the approver to judge (`{truncated: true}` past 64 KiB). */
    input: Type.Unknown(),
    status: Type.Union(approvalStatuses.map((status) => Type.Literal(status))),
    /** What the approver sent with the decision. */
    data: Type.Unknown(),
    decidedBy: Type.Union([Id, Type.Null()]),
    decidedAt: Type.Union([Timestamp, Type.Null()]),
    /** When the node stops waiting and takes its `timedOut` branch; `null`: never. */
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'Approval', additionalProperties: false }
)
export type Approval = Static<typeof approvalSchema>

export const approvalQuerySchema = querySyntax(Type.Pick(approvalSchema, ['id', 'executionId', 'nodeId', 'flowId', 'status', 'createdAt', 'expiresAt']))
export type ApprovalQuery = Static<typeof approvalQuerySchema>

/** `POST /api/v1/executions/:executionId/approvals`: decide one waiting approval of the execution. */
export const approvalDecisionSchema = Type.Object(
  {
    nodeId: Type.String({ minLength: 1, maxLength: 100 }),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    /** Checked against the approval's `form` when it has one (an approval only). */
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
  },
  { $id: 'ApprovalDecision', additionalProperties: false }
)
export type ApprovalDecision = Static<typeof approvalDecisionSchema>
