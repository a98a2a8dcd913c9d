import type { CrewDefinition } from './types.js'

/**
 * Refuses a crew that cannot run, naming every problem, before any LLM call is paid for:
 * no tasks or agents, duplicate task ids, a task given to an agent outside the crew, a context
 * naming a task that has not run by then.
 */
export function assertCrewCanRun(crew: CrewDefinition): void {
  const problems: string[] = []
  if (crew.tasks.length === 0) problems.push('it has no tasks')
  if (crew.agents.length === 0) problems.push('it has no agents')
  const agentIds = new Set(crew.agents.map((agent) => agent.id))
  const seen = new Set<string>()
  for (const task of crew.tasks) {
    if (seen.has(task.id)) problems.push(`task id ${task.id} is used twice`)
    if (crew.process === 'sequential' && task.agentId && !agentIds.has(task.agentId)) {
      problems.push(`task ${task.id} is assigned to agent ${task.agentId}, which is not in the crew`)
    }
    for (const id of task.context ?? []) {
      if (!seen.has(id)) problems.push(`task ${task.id} takes context from task ${id}, which does not run before it`)
    }
    seen.add(task.id)
  }
  if (problems.length > 0) throw new Error(`Crew ${crew.name} cannot run: ${problems.join('; ')}`)
}
