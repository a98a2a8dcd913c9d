import { buildTaskContext, type CompletedTask } from './crew-context.js'
import { createDelegationBudget, createDelegationTools } from './delegation-tools.js'
import { runAgentTask } from './run-agent.js'
import { addUsage, emptyUsage } from './usage.js'
import type { AgentDefinition, CrewDefinition, CrewResult, RuntimeServices } from './types.js'

/**
 * A manager works through the tasks in order, one manager turn per task, delegating to the crew's
 * agents and asking them questions until it can give the task's final answer itself.
 */
export async function runHierarchical(crew: CrewDefinition, memories: string[], services: RuntimeServices): Promise<CrewResult> {
  const manager = crew.manager ?? builtInManager(crew)
  const team = crew.agents.filter((agent) => agent.id !== manager.id)
  const budget = createDelegationBudget(crew.tasks.length)
  const usage = emptyUsage()
  const completed: CompletedTask[] = []
  for (const [index, task] of crew.tasks.entries()) {
    services.emit({ type: 'task.started', data: { taskId: task.id, agent: manager.name } })
    const result = await runAgentTask({
      agent: manager,
      task,
      context: buildTaskContext(crew, index, completed, memories),
      extraTools: createDelegationTools({ from: manager, team, depth: 0, budget, services }),
      services
    })
    addUsage(usage, result.usage)
    completed.push({ taskId: task.id, agentId: crew.manager?.id ?? null, output: result.text })
    services.emit({ type: 'task.completed', data: { taskId: task.id, agent: manager.name, output: result.text } })
  }
  addUsage(usage, budget.usage)
  return { text: completed.at(-1)?.output ?? '', tasks: completed, usage }
}

/** CrewAI's manager, on the crew's manager provider (or the tenant's providers in order). */
function builtInManager(crew: CrewDefinition): AgentDefinition {
  return {
    id: `${crew.id}:manager`,
    name: 'Crew Manager',
    role: 'Crew Manager',
    goal: 'Manage the team to complete the task in the best way possible.',
    backstory:
      "You are a seasoned manager with a knack for getting the best out of your team. You are also known for your ability to delegate work to the right people, and to ask the right questions to get the best out of your team. Even though you don't perform tasks by yourself, you have a lot of experience in the field, which allows you to properly evaluate the work of your team members.",
    providerId: crew.managerProviderId ?? null,
    model: null,
    toolIds: [],
    allowDelegation: true,
    // Room for a few delegations per task plus the final answer.
    maxIterations: 20,
    outputSchema: null
  }
}
