import type { AgentDefinition, CrewDefinition } from '../types.js'

/** An agent with plain defaults; `name` also serves as its id and its provider id unless given. */
export function agent(overrides: Partial<AgentDefinition> & { name: string }): AgentDefinition {
  return {
    id: overrides.name.toLowerCase(),
    role: overrides.name,
    goal: `Do the work of a ${overrides.name.toLowerCase()}`,
    backstory: 'You are careful and brief.',
    providerId: overrides.name.toLowerCase(),
    model: null,
    toolIds: [],
    allowDelegation: false,
    maxIterations: 5,
    outputSchema: null,
    ...overrides
  }
}

export function crew(overrides: Partial<CrewDefinition> & Pick<CrewDefinition, 'agents' | 'tasks'>): CrewDefinition {
  return { id: 'crew-1', name: 'Test crew', process: 'sequential', manager: null, managerProviderId: null, memory: false, ...overrides }
}
