export { runAgentTask } from './run-agent.js'
export { runCrew } from './run-crew.js'
export { AgentTaskError, AgentIterationLimitError, StructuredOutputError, DelegationLimitError, ToolCallError } from './errors.js'
export type * from './types.js'
