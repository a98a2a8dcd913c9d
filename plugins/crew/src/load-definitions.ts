import type { Agent, Crew } from '@troupe/sdk'
import type { RecordsClient } from '@troupe/sdk/plugin'
import type { AgentDefinition, CrewDefinition } from './runtime/types.js'

function toAgentDefinition(agent: Agent): AgentDefinition {
  const { id, name, role, goal, backstory, providerId, model, toolIds, allowDelegation, maxIterations, outputSchema } = agent
  return { id, name, role, goal, backstory, providerId, model, toolIds, allowDelegation, maxIterations, outputSchema }
}

/** An agent of the tenant, as the runtime runs it. */
export async function loadAgent(records: RecordsClient, agentId: string): Promise<AgentDefinition> {
  return toAgentDefinition(await records.get('agents', agentId))
}

/** A crew of the tenant with its agents and manager loaded, in the crew's order. */
export async function loadCrew(records: RecordsClient, crewId: string): Promise<CrewDefinition & { inputSchema: Crew['inputSchema'] }> {
  const crew = await records.get('crews', crewId)
  const ids = [...crew.agentIds, ...(crew.managerAgentId ? [crew.managerAgentId] : [])]
  const found = await records.find('agents', { id: { $in: ids } })
  const byId = new Map(found.map((agent) => [agent.id, toAgentDefinition(agent)]))
  const agentOf = (id: string) => {
    const agent = byId.get(id)
    if (!agent) throw new Error(`Crew ${crew.name} refers to agent ${id}, which no longer exists`)
    return agent
  }
  return {
    id: crew.id,
    name: crew.name,
    process: crew.process,
    agents: crew.agentIds.map(agentOf),
    tasks: crew.tasks,
    manager: crew.managerAgentId ? agentOf(crew.managerAgentId) : null,
    managerProviderId: crew.managerProviderId,
    memory: crew.memory,
    inputSchema: crew.inputSchema
  }
}
