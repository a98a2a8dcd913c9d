import { AgentTaskError, DelegationLimitError, ToolCallError } from './errors.js'
import { runAgentTask } from './run-agent.js'
import { addUsage, emptyUsage } from './usage.js'
import type { AgentDefinition, LocalTool, RuntimeServices, Usage } from './types.js'

/** A delegated agent may delegate once more; the agent it delegates to may not. */
const maxDelegationDepth = 2

/** Shared by every delegation tool of one crew run: the loop guard and the usage of coworkers. */
export interface DelegationBudget {
  used: number
  limit: number
  usage: Usage
}

export interface DelegationToolsOptions {
  /** The agent that gets the tools (the manager, or a coworker that may delegate onward). */
  from: AgentDefinition
  /** Every agent of the crew that can be delegated to; `from` is left out. */
  team: AgentDefinition[]
  /** How many delegations led to `from` (0 for the manager). */
  depth: number
  budget: DelegationBudget
  services: RuntimeServices
}

/** A budget for one crew run: enough to delegate, check and redo each task a few times, never unbounded. */
export function createDelegationBudget(taskCount: number): DelegationBudget {
  return { used: 0, limit: Math.max(10, 3 * taskCount), usage: emptyUsage() }
}

/**
 * CrewAI's coworker tools, run in-process: `delegate_task` hands a coworker a task and returns its
 * final answer, `ask_question` asks a coworker something. The coworker is found by name or role.
 * Mistakes the model can fix (an unknown coworker, a coworker that could not finish) come back
 * as observations; running out of delegations fails the whole crew run.
 */
export function createDelegationTools(options: DelegationToolsOptions): LocalTool[] {
  const coworkers = options.team.filter((agent) => agent.id !== options.from.id)
  if (coworkers.length === 0) return []
  const roster = coworkers.map((agent) => (agent.role === agent.name ? agent.name : `${agent.name} (${agent.role})`)).join(', ')
  const agentParameter = { type: 'string', minLength: 1, description: `The name or role of the coworker: one of ${roster}` }
  const contextParameter = { type: 'string', description: 'Everything the coworker needs to know: they know nothing of your task but what you write here' }
  return [
    {
      spec: {
        name: 'delegate_task',
        description: `Delegate a task to one of your coworkers (${roster}) and get their final answer back.`,
        parameters: {
          type: 'object',
          properties: { agent: agentParameter, task: { type: 'string', minLength: 1, description: 'The task to do, stated completely' }, context: contextParameter },
          required: ['agent', 'task'],
          additionalProperties: false
        }
      },
      run: (args) => consult(options, coworkers, { wanted: args.agent as string, kind: 'task', text: args.task as string, context: args.context as string | undefined })
    },
    {
      spec: {
        name: 'ask_question',
        description: `Ask one of your coworkers (${roster}) a question and get their answer back.`,
        parameters: {
          type: 'object',
          properties: { agent: agentParameter, question: { type: 'string', minLength: 1, description: 'The question, stated completely' }, context: contextParameter },
          required: ['agent', 'question'],
          additionalProperties: false
        }
      },
      run: (args) =>
        consult(options, coworkers, { wanted: args.agent as string, kind: 'question', text: args.question as string, context: args.context as string | undefined })
    }
  ]
}

interface Consultation {
  /** The coworker's name or role, as the model wrote it. */
  wanted: string
  kind: 'task' | 'question'
  text: string
  context?: string
}

async function consult(options: DelegationToolsOptions, coworkers: AgentDefinition[], { wanted, kind, text, context }: Consultation): Promise<string> {
  const { from, team, depth, budget, services } = options
  const coworker = findCoworker(coworkers, wanted)
  if (!coworker) throw new ToolCallError(`there is no coworker named "${wanted}". Choose one of: ${coworkers.map((agent) => agent.name).join(', ')}`)
  if (budget.used >= budget.limit) throw new DelegationLimitError(budget.limit)
  budget.used += 1
  services.emit({ type: 'delegation', data: { from: from.name, to: coworker.name, task: text, kind } })
  const canDelegateOnward = coworker.allowDelegation && depth + 1 < maxDelegationDepth
  try {
    const result = await runAgentTask({
      agent: coworker,
      task: {
        description: text,
        expectedOutput:
          kind === 'task'
            ? 'Your best answer to your coworker asking you this, accounting for the context shared.'
            : 'Your best answer to your coworker asking you this question, accounting for the context shared.'
      },
      context: context?.trim() ? [context] : [],
      extraTools: canDelegateOnward ? createDelegationTools({ from: coworker, team, depth: depth + 1, budget, services }) : [],
      services
    })
    addUsage(budget.usage, result.usage)
    return result.text
  } catch (error) {
    if (!(error instanceof AgentTaskError)) throw error
    addUsage(budget.usage, error.usage)
    throw new ToolCallError(`${coworker.name} could not finish: ${error.message}`)
  }
}

function findCoworker(coworkers: AgentDefinition[], wanted: string): AgentDefinition | undefined {
  const key = wanted.trim().toLowerCase()
  return coworkers.find((agent) => agent.name.trim().toLowerCase() === key) ?? coworkers.find((agent) => agent.role.trim().toLowerCase() === key)
}
