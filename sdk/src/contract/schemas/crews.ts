import { Type, querySyntax, type Static, type TSchema } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

const JsonSchemaObject = Type.Record(Type.String(), Type.Unknown())
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** An agent: who it is (role, goal, backstory), which LLM it thinks with and which tools it may use. */
export const agentSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.String({ minLength: 1, maxLength: 500 }),
    goal: Type.String({ minLength: 1, maxLength: 4000 }),
    backstory: Type.String({ maxLength: 8000 }),
    /** One of the tenant's LLM providers; `null`: the tenant's providers in priority order. */
    providerId: Nullable(Id),
    model: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
    /** Tools of the tenant (ids) the agent may call. */
    toolIds: Type.Array(Id, { maxItems: 50, uniqueItems: true }),
    /** In hierarchical crews: whether the agent may delegate onward. */
    allowDelegation: Type.Boolean(),
    /** Most LLM round trips for one task. */
    maxIterations: Type.Integer({ minimum: 1, maximum: 50 }),
    /** JSON Schema its final answers must match (they are then JSON). */
    outputSchema: Nullable(JsonSchemaObject),
    createdBy: Nullable(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'Agent', additionalProperties: false }
)
export type Agent = Static<typeof agentSchema>

const agentWritable = {
  name: agentSchema.properties.name,
  role: agentSchema.properties.role,
  goal: agentSchema.properties.goal,
  backstory: Type.Optional(agentSchema.properties.backstory),
  providerId: Type.Optional(agentSchema.properties.providerId),
  model: Type.Optional(agentSchema.properties.model),
  toolIds: Type.Optional(agentSchema.properties.toolIds),
  allowDelegation: Type.Optional(agentSchema.properties.allowDelegation),
  maxIterations: Type.Optional(agentSchema.properties.maxIterations),
  outputSchema: Type.Optional(agentSchema.properties.outputSchema)
}
export const agentDataSchema = Type.Object(agentWritable, { $id: 'AgentData', additionalProperties: false })
export type AgentData = Static<typeof agentDataSchema>
export const agentPatchSchema = Type.Partial(Type.Object(agentWritable), { $id: 'AgentPatch', additionalProperties: false })
export type AgentPatch = Static<typeof agentPatchSchema>
export const agentQuerySchema = querySyntax(Type.Pick(agentSchema, ['id', 'name', 'role', 'providerId', 'createdAt', 'updatedAt']))

const TaskId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

/** A task of a crew; `{placeholders}` in its texts are filled from the run's inputs. */
export const crewTaskSchema = Type.Object(
  {
    id: TaskId,
    description: Type.String({ minLength: 1, maxLength: 8000 }),
    expectedOutput: Type.String({ minLength: 1, maxLength: 4000 }),
    /** Sequential crews: who does it (default: the crew's agents in turn). */
    agentId: Type.Optional(Nullable(Id)),
    /** Tasks (earlier ones) whose outputs it receives; default: the previous task. */
    context: Type.Optional(Nullable(Type.Array(TaskId, { maxItems: 50, uniqueItems: true }))),
    outputSchema: Type.Optional(Nullable(JsonSchemaObject))
  },
  { additionalProperties: false }
)
export type CrewTask = Static<typeof crewTaskSchema>

export const crewProcesses = ['sequential', 'hierarchical'] as const

export const crewSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    process: Type.Union(crewProcesses.map((process) => Type.Literal(process))),
    agentIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }),
    /** Hierarchical: the agent that plans and delegates ... */
    managerAgentId: Nullable(Id),
    /** ... or a bare manager thinking with this provider (neither: the tenant's providers). */
    managerProviderId: Nullable(Id),
    /** In order. */
    tasks: Type.Array(crewTaskSchema, { minItems: 1, maxItems: 100 }),
    /** Short-term memory within a run and long-term memory of past runs. */
    memory: Type.Boolean(),
    /** JSON Schema of the run's `inputs` (shown to MCP clients and run forms). */
    inputSchema: Nullable(JsonSchemaObject),
    /** MCP clients of the tenant may run the crew as a tool. */
    exposeViaMcp: Type.Boolean(),
    createdBy: Nullable(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'Crew', additionalProperties: false }
)
export type Crew = Static<typeof crewSchema>

const crewWritable = {
  name: crewSchema.properties.name,
  description: Type.Optional(crewSchema.properties.description),
  process: crewSchema.properties.process,
  agentIds: crewSchema.properties.agentIds,
  managerAgentId: Type.Optional(crewSchema.properties.managerAgentId),
  managerProviderId: Type.Optional(crewSchema.properties.managerProviderId),
  tasks: crewSchema.properties.tasks,
  memory: Type.Optional(crewSchema.properties.memory),
  inputSchema: Type.Optional(crewSchema.properties.inputSchema),
  exposeViaMcp: Type.Optional(crewSchema.properties.exposeViaMcp)
}
export const crewDataSchema = Type.Object(crewWritable, { $id: 'CrewData', additionalProperties: false })
export type CrewData = Static<typeof crewDataSchema>
export const crewPatchSchema = Type.Partial(Type.Object(crewWritable), { $id: 'CrewPatch', additionalProperties: false })
export type CrewPatch = Static<typeof crewPatchSchema>
export const crewQuerySchema = querySyntax(Type.Pick(crewSchema, ['id', 'name', 'process', 'exposeViaMcp', 'createdAt', 'updatedAt']))
