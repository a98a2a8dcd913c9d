import type { LlmClient, NodeEvent, TenantLogic, ToolClient, ToolSpec } from '@troupe/sdk/plugin'

/** An agent as the runtime needs it (the `agents` record, minus bookkeeping). */
export interface AgentDefinition {
  id: string
  name: string
  role: string
  goal: string
  backstory: string
  /** The tenant's provider to use; without one, the tenant's providers in priority order. */
  providerId?: string | null
  model?: string | null
  /** Tools (ids) the agent may call. */
  toolIds: string[]
  /** Hierarchical crews: whether this agent may itself delegate. */
  allowDelegation: boolean
  /** Most LLM round trips for one task (default 10). */
  maxIterations: number
  /** JSON Schema the final answer must match (parsed as JSON), with one corrective retry. */
  outputSchema?: Record<string, unknown> | null
}

/** One task of a crew. */
export interface TaskDefinition {
  /** Unique within the crew (`research`, `write`). */
  id: string
  description: string
  expectedOutput: string
  /** Sequential crews: the agent that does it (default: the crew's agents in turn). */
  agentId?: string | null
  /** Tasks whose outputs this one receives; default: the previous task. */
  context?: string[] | null
  outputSchema?: Record<string, unknown> | null
}

export interface CrewDefinition {
  id: string
  name: string
  process: 'sequential' | 'hierarchical'
  agents: AgentDefinition[]
  tasks: TaskDefinition[]
  /** Hierarchical: the manager is one of the tenant's agents ... */
  manager?: AgentDefinition | null
  /** ... or a bare LLM (this provider) with a built-in manager prompt. */
  managerProviderId?: string | null
  memory: boolean
}

/** Long-term memory of a crew: summaries of past runs, recalled by relevance. */
export interface CrewMemory {
  recall(crewId: string, query: string, limit: number): Promise<string[]>
  remember(crewId: string, summary: string): Promise<void>
}

/** Everything the runtime may use; nodes and chat build it from their context. */
export interface RuntimeServices {
  llm: LlmClient
  tools: ToolClient
  /** Checks the tenant's schemas (output schemas, crew inputs) within the tenant's budget. */
  logic: TenantLogic
  /** Execution events: `token`, `agent.thought`, `tool.call`, `tool.result`, `task.started`, `task.completed`, `delegation`... */
  emit(event: NodeEvent): void
  signal: AbortSignal
  /** Present when the crew has `memory: true`. */
  memory?: CrewMemory
}

/** One step of an agent's work, as returned in `steps` and emitted as an event. */
export type AgentStep =
  | { type: 'agent.thought'; agent: string; text: string }
  | { type: 'tool.call'; agent: string; tool: string; arguments: Record<string, unknown>; argumentsError?: string; callId: string }
  | { type: 'tool.result'; agent: string; tool: string; callId: string; result?: unknown; error?: string }

/** Tokens and cost, summed over every LLM call of a task or a crew run (delegations included). */
export interface Usage {
  promptTokens: number
  completionTokens: number
  costUsd: number
}

export interface AgentResult {
  /** The final answer; for an `outputSchema`, the JSON text of `output`. */
  text: string
  /** The parsed, validated answer when an `outputSchema` is set. */
  output?: unknown
  steps: AgentStep[]
  usage: Usage
}

export interface CrewResult {
  /** The crew's final answer: the last task's output (sequential) or the manager's answer (hierarchical). */
  text: string
  /** `agentId` is null for work done by the built-in manager (a bare LLM, not one of the tenant's agents). */
  tasks: Array<{ taskId: string; agentId: string | null; output: string }>
  usage: Usage
}

/** What an agent is asked to do: a crew task after interpolation, a delegated task, a chat turn... */
export interface AgentTask {
  description: string
  expectedOutput: string
  /** Wins over the agent's own `outputSchema`. */
  outputSchema?: Record<string, unknown> | null
}

/**
 * A tool implemented in-process (the delegation tools), offered to the model next to the
 * agent's tenant tools. Its arguments are checked against `spec.parameters` before `run`.
 * `run` throws an error named `ToolCallError` to tell the model something went wrong (the
 * model sees the message as an observation); any other error fails the task.
 */
export interface LocalTool {
  spec: ToolSpec
  run(args: Record<string, unknown>): Promise<string>
}

export interface RunAgentTaskOptions {
  agent: AgentDefinition
  task: AgentTask
  /** Outputs of context tasks, shared memory, recalled memories: each entry a labelled block. */
  context: string[]
  extraTools?: LocalTool[]
  services: RuntimeServices
}

export interface RunCrewOptions {
  crew: CrewDefinition
  /** Values for the `{placeholders}` of task descriptions, expected outputs and agent profiles. */
  inputs: Record<string, unknown>
  services: RuntimeServices
}
