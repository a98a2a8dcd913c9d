import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

/** The longest delay a Node.js timer can wait (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
const maxTimerMs = 2_147_483_647

const LocalId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

export const flowNodeSchema = Type.Object(
  {
    id: LocalId,
    type: Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)+$' }),
    /**
     * The (major) version of the node type the node was saved with; it runs on that version for
     * good. A save fills in the latest loaded version when it is missing; a stored node without
     * one is version 1.
     */
    typeVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false })),
    label: Type.Optional(Type.String({ maxLength: 200 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: maxTimerMs })),
    retry: Type.Optional(
      Type.Object(
        { max: Type.Integer({ minimum: 0, maximum: 20 }), backoffMs: Type.Optional(Type.Integer({ minimum: 0, maximum: maxTimerMs })) },
        { additionalProperties: false }
      )
    )
  },
  { additionalProperties: false }
)
export type FlowNode = Static<typeof flowNodeSchema>

export const flowEdgeSchema = Type.Object(
  {
    id: LocalId,
    source: LocalId,
    target: LocalId,
    sourceHandle: Type.Optional(Type.String({ maxLength: 100 })),
    targetHandle: Type.Optional(Type.String({ maxLength: 100 }))
  },
  { additionalProperties: false }
)
export type FlowEdge = Static<typeof flowEdgeSchema>

/** The colours a sticky note comes in. */
export const flowNoteColors = ['yellow', 'blue', 'green', 'pink', 'gray'] as const

/**
 * A sticky note on the flow's canvas: plain text for the people who read the flow. The executor never reads notes; they are not part of a version.
 */
export const flowNoteSchema = Type.Object(
  {
    id: LocalId,
    text: Type.String({ maxLength: 10_000 }),
    position: Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false }),
    width: Type.Optional(Type.Integer({ minimum: 120, maximum: 2000 })),
    height: Type.Optional(Type.Integer({ minimum: 60, maximum: 2000 })),
    color: Type.Optional(Type.Union(flowNoteColors.map((color) => Type.Literal(color))))
  },
  { additionalProperties: false }
)
export type FlowNote = Static<typeof flowNoteSchema>

/**
 * Test data pinned to nodes, by node id: what the editor sends as `pinnedOutputs`
 * when it runs the flow or tests one node (`POST /executions`). Kept with the flow, not part of a
 * version; runs started any other way never read it.
 */
export const pinnedOutputsSchema = Type.Record(LocalId, Type.Unknown(), { maxProperties: 5000 })
export type PinnedOutputs = Static<typeof pinnedOutputsSchema>

export const flowSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    nodes: Type.Array(flowNodeSchema, { maxItems: 5000 }),
    edges: Type.Array(flowEdgeSchema, { maxItems: 20000 }),
    /** Sticky notes on its canvas. */
    notes: Type.Array(flowNoteSchema, { maxItems: 500 }),
    /** Nodes' pinned test data. */
    pinnedOutputs: pinnedOutputsSchema,
    version: Type.Integer(),
    /** MCP clients of the tenant see the flow as a tool (its input schema comes from the trigger's `inputSchema` param). */
    exposeViaMcp: Type.Boolean(),
    /** Another flow of the tenant, run when an execution of this one fails, with what failed as its input. */
    errorFlowId: Type.Union([Id, Type.Null()]),
    /** Its plugin triggers (a schedule) run only while it is active; new flows are. Webhooks and manual runs do not depend on it. */
    active: Type.Boolean(),
    createdBy: Type.Union([Id, Type.Null()]),
    updatedBy: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'Flow', additionalProperties: false }
)
export type Flow = Static<typeof flowSchema>

export const flowDataSchema = Type.Object(
  {
    name: flowSchema.properties.name,
    description: Type.Optional(flowSchema.properties.description),
    nodes: Type.Optional(flowSchema.properties.nodes),
    edges: Type.Optional(flowSchema.properties.edges),
    notes: Type.Optional(flowSchema.properties.notes),
    pinnedOutputs: Type.Optional(flowSchema.properties.pinnedOutputs),
    exposeViaMcp: Type.Optional(flowSchema.properties.exposeViaMcp),
    errorFlowId: Type.Optional(flowSchema.properties.errorFlowId),
    active: Type.Optional(flowSchema.properties.active),
    /** Write-only: callers of the flow's webhook must send it in `X-Troupe-Webhook-Secret`. `null` removes it. */
    webhookSecret: Type.Optional(Type.Union([Type.String({ minLength: 16, maxLength: 200 }), Type.Null()])),
    /**
     * Write-only: callers of the flow's webhook must sign each call with it (`X-Troupe-Timestamp`,
     * `X-Troupe-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`). `null` removes it.
     */
    webhookSigningSecret: Type.Optional(Type.Union([Type.String({ minLength: 32, maxLength: 200 }), Type.Null()]))
  },
  { $id: 'FlowData', additionalProperties: false }
)
export type FlowData = Static<typeof flowDataSchema>

export const flowPatchSchema = Type.Partial(flowDataSchema, { $id: 'FlowPatch', additionalProperties: false })
export type FlowPatch = Static<typeof flowPatchSchema>

export const flowQuerySchema = querySyntax(
  Type.Pick(flowSchema, ['id', 'name', 'exposeViaMcp', 'active', 'createdBy', 'createdAt', 'updatedAt'])
)
export type FlowQuery = Static<typeof flowQuerySchema>

/**
 * A saved version of a flow, as it was when saved: every create, update and patch of a flow keeps
 * one. Executions pin the version they run (`flowVersion`); `GET /api/v1/flow-versions?flowId=&version=`
 * reads it back. Read-only; removed with its flow.
 */
export const flowVersionSchema = Type.Object(
  {
    flowId: Id,
    version: Type.Integer({ minimum: 1 }),
    name: flowSchema.properties.name,
    nodes: flowSchema.properties.nodes,
    edges: flowSchema.properties.edges,
    createdBy: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp
  },
  { $id: 'FlowVersion', additionalProperties: false }
)
export type FlowVersion = Static<typeof flowVersionSchema>

export const flowVersionQuerySchema = querySyntax(Type.Pick(flowVersionSchema, ['flowId', 'version', 'createdBy', 'createdAt']))
export type FlowVersionQuery = Static<typeof flowVersionQuerySchema>
