import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'
import { flowNodeSchema, pinnedOutputsSchema } from './flows.js'

/**
 * `waiting`: a node asked to wait (for a person, a callback, ...); the execution holds no runner
 * and no lease until it is resumed (since plugin API 1.4).
 */
export const executionStatuses = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const
export type ExecutionStatus = (typeof executionStatuses)[number]
/** The statuses an execution ends in: nothing changes it after one of them. */
export const terminalExecutionStatuses: readonly ExecutionStatus[] = ['succeeded', 'failed', 'cancelled']
/** Whether an execution with this status has ended (succeeded, failed or cancelled). */
export function isTerminalExecutionStatus(status: string): boolean {
  return (terminalExecutionStatuses as readonly string[]).includes(status)
}
export const nodeStatuses = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled'] as const
export type NodeStatus = (typeof nodeStatuses)[number]

const ExecutionStatusSchema = Type.Union(executionStatuses.map((status) => Type.Literal(status)))

export const executionSchema = Type.Object(
  {
    id: Id,
    /** The flow it runs, at `flowVersion`; `null` for a crew run without a flow. */
    flowId: Type.Union([Id, Type.Null()]),
    flowVersion: Type.Union([Type.Integer(), Type.Null()]),
    /** The crew it runs (`POST /executions {crewId}`), else `null`. */
    crewId: Type.Union([Id, Type.Null()]),
    status: ExecutionStatusSchema,
    /** `manual`, `webhook`, or the trigger node type of a plugin's trigger that started it (`ticker.every`). */
    trigger: Type.String({ maxLength: 100 }),
    input: Type.Unknown(),
    output: Type.Unknown(),
    error: Type.Union([Type.String(), Type.Null()]),
    startedBy: Type.Union([Id, Type.Null()]),
    /** A sub-flow's run (`trigger: "subflow"`): the execution whose node started it, else `null`. Find a run's children with `?parentExecutionId=`. */
    parentExecutionId: Type.Union([Id, Type.Null()]),
    /** The node of the parent execution that started it (a `flow.call` or `flow.map`), else `null`. */
    parentNodeId: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    /** The key that node started it under: `call` for `flow.call`, the item's index (`"0"`, `"1"`, ...) for `flow.map`; else `null`. */
    callKey: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    /** A re-run (`POST /executions/:id/rerun`): the execution it re-ran, else `null`. */
    rerunOf: Type.Union([Id, Type.Null()]),
    /** A re-run from a node: that node (the nodes upstream of it kept their recorded outputs), else `null`. */
    rerunFromNodeId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
    /** Nodes that did not run but gave the output they were pinned with (`pinnedOutputs`), else `null`. */
    pinnedNodeIds: Type.Union([Type.Array(Type.String({ maxLength: 100 })), Type.Null()]),
    /** A test of one node (`onlyNodeId`): the node that ran, else `null`. */
    onlyNodeId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
    createdAt: Timestamp,
    startedAt: Type.Union([Timestamp, Type.Null()]),
    finishedAt: Type.Union([Timestamp, Type.Null()]),
    updatedAt: Timestamp
  },
  { $id: 'Execution', additionalProperties: false }
)
export type Execution = Static<typeof executionSchema>

/**
 * `POST /api/v1/executions`: run the current version of a flow (`flowId`), or a crew (`crewId`, its
 * inputs as `input`). A flow's run may be a test: nodes named in `pinnedOutputs` do not run, each
 * completes at once with the output given (and feeds every edge leaving it); with `onlyNodeId`,
 * only that node runs (even when pinned), on the outputs pinned for the nodes feeding it: every
 * other node gives its pinned output or counts as skipped.
 */
export const executionDataSchema = Type.Union(
  [
    Type.Object(
      { flowId: Id, input: Type.Optional(Type.Unknown()), pinnedOutputs: Type.Optional(pinnedOutputsSchema), onlyNodeId: Type.Optional(flowNodeSchema.properties.id) },
      { additionalProperties: false }
    ),
    Type.Object({ crewId: Id, input: Type.Optional(Type.Unknown()) }, { additionalProperties: false })
  ],
  { $id: 'ExecutionData' }
)
export type ExecutionData = Static<typeof executionDataSchema>

/**
 * `POST /api/v1/executions/:executionId/rerun`: a new execution of the same flow version. With
 * `fromNodeId`, every node upstream of it keeps its recorded output and the rest runs (with the
 * recorded input); without, it runs from the start, with `input` or the recorded input.
 */
export const executionRerunDataSchema = Type.Object(
  {
    fromNodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    input: Type.Optional(Type.Unknown())
  },
  { $id: 'ExecutionRerunData', additionalProperties: false }
)
export type ExecutionRerunData = Static<typeof executionRerunDataSchema>

/** The only change a client makes to an execution: cancel it. */
export const executionPatchSchema = Type.Object(
  { status: Type.Literal('cancelled') },
  { $id: 'ExecutionPatch', additionalProperties: false }
)
export type ExecutionPatch = Static<typeof executionPatchSchema>

export const executionQuerySchema = querySyntax(
  Type.Pick(executionSchema, ['id', 'flowId', 'crewId', 'status', 'trigger', 'startedBy', 'parentExecutionId', 'parentNodeId', 'callKey', 'rerunOf', 'createdAt', 'finishedAt'])
)

/** Per-node state of an execution, as `GET /api/v1/executions/:id` lists it under `nodes`. */
export interface ExecutionNodeState {
  nodeId: string
  status: NodeStatus
  attempts: number
  port: string | null
  input: unknown
  output: unknown
  error: string | null
  /** While the node waits: what it waits for (`NodeWait` of the plugin API), else `null`. */
  waitingFor?: { reason: string; data?: unknown } | null
  startedAt: string | null
  finishedAt: string | null
}

/** Event types an execution records, in `seq` order. Plugins add `<namespace>.<name>` types. */
export const executionEventTypes = [
  'execution.started',
  /** A runner continues an execution another runner left, or one that was waiting. */
  'execution.resumed',
  'node.started',
  'node.completed',
  'node.failed',
  'node.skipped',
  'node.retry',
  'node.cancelled',
  /** A node asked to wait: `data.reason`, and `data.data` when the node gave it. */
  'node.waiting',
  /** Every node that could run has; `data.nodes` lists those that wait. The execution holds no runner until resumed. */
  'execution.waiting',
  'log',
  'token',
  'llm.failover',
  'execution.completed'
] as const

export const executionEventSchema = Type.Object(
  {
    executionId: Id,
    seq: Type.Integer({ minimum: 1 }),
    type: Type.String(),
    nodeId: Type.Union([Type.String(), Type.Null()]),
    data: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp
  },
  { $id: 'ExecutionEvent', additionalProperties: false }
)
export type ExecutionEvent = Static<typeof executionEventSchema>

export const executionEventQuerySchema = querySyntax(Type.Pick(executionEventSchema, ['executionId', 'seq', 'type', 'nodeId']))

/** Socket.IO only: join (create) or leave (remove) the live event stream of one execution. */
export const executionSubscriptionDataSchema = Type.Object({ executionId: Id }, { additionalProperties: false })
