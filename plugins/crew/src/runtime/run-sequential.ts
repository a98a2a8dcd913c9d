import { buildTaskContext, type CompletedTask } from './crew-context.js'
import { createDelegationBudget, createDelegationTools } from './delegation-tools.js'
import { runAgentTask } from './run-agent.js'
import { addUsage, emptyUsage } from './usage.js'
import type { AgentDefinition, CrewDefinition, CrewResult, RuntimeServices, TaskDefinition } from './types.js'

/**
 * Runs the tasks in order, each by its own agent (or the crew's agents in turn), each seeing the
 * outputs of its context tasks. As in CrewAI, an agent that allows delegation may hand work to
 * its coworkers, within the same delegation limit as a hierarchical crew.
 */
export async function runSequential(crew: CrewDefinition, memories: string[], services: RuntimeServices): Promise<CrewResult> {
  const budget = createDelegationBudget(crew.tasks.length)
  const usage = emptyUsage()
  const completed: CompletedTask[] = []
  for (const [index, task] of crew.tasks.entries()) {
    const agent = assignedAgent(crew, task, index)
    services.emit({ type: 'task.started', data: { taskId: task.id, agent: agent.name } })
    const result = await runAgentTask({
      agent,
      task,
      context: buildTaskContext(crew, index, completed, memories),
      extraTools: agent.allowDelegation ? createDelegationTools({ from: agent, team: crew.agents, depth: 0, budget, services }) : [],
      services
    })
    addUsage(usage, result.usage)
    completed.push({ taskId: task.id, agentId: agent.id, output: result.text })
    services.emit({ type: 'task.completed', data: { taskId: task.id, agent: agent.name, output: result.text } })
  }
  addUsage(usage, budget.usage)
  return { text: completed.at(-1)?.output ?? '', tasks: completed, usage }
}

function assignedAgent(crew: CrewDefinition, task: TaskDefinition, index: number): AgentDefinition {
  const assigned = task.agentId ? crew.agents.find((agent) => agent.id === task.agentId) : undefined
  return assigned ?? crew.agents[index % crew.agents.length]
}
