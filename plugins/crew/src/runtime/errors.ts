import type { Usage } from './types.js'

/**
 * An agent that could not finish its task. It carries the usage spent so far, so a manager that
 * gets this back as an observation still accounts for the tokens its coworker burnt.
 */
export class AgentTaskError extends Error {
  constructor(
    message: string,
    readonly usage: Usage
  ) {
    super(message)
    this.name = 'AgentTaskError'
  }
}

/** The model kept calling tools (or kept failing) for `maxIterations` LLM round trips. */
export class AgentIterationLimitError extends AgentTaskError {
  constructor(agentName: string, maxIterations: number, usage: Usage) {
    super(`Agent ${agentName} reached its maxIterations (${maxIterations}) without a final answer`, usage)
    this.name = 'AgentIterationLimitError'
  }
}

/** The final answer did not match the output schema, even after one corrective message. */
export class StructuredOutputError extends AgentTaskError {
  constructor(
    agentName: string,
    readonly problems: string[],
    usage: Usage
  ) {
    super(`Agent ${agentName} gave no final answer matching the output schema, even after a correction: ${problems.join('; ')}`, usage)
    this.name = 'StructuredOutputError'
  }
}

/** A hierarchical crew ran out of delegations: the whole crew run fails, not just one tool call. */
export class DelegationLimitError extends Error {
  constructor(limit: number) {
    super(`Delegation limit reached (${limit} delegations): the manager keeps delegating without finishing`)
    this.name = 'DelegationLimitError'
  }
}

/**
 * Thrown by in-process tools to report a failure to the model. It shares its name with the
 * host's tool error, so the tool loop treats both the same way: as an observation.
 */
export class ToolCallError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ToolCallError'
  }
}
