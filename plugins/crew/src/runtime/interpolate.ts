import type { AgentDefinition, CrewDefinition, TaskDefinition } from './types.js'

const placeholder = /\{([A-Za-z_][\w-]*)\}/g

/**
 * Fills CrewAI-style `{name}` placeholders from `inputs`: plain substitution, never evaluation.
 * Unknown placeholders (and other braces, such as JSON in a description) stay as written.
 */
export function interpolate(text: string, inputs: Record<string, unknown>): string {
  return text.replace(placeholder, (whole, name: string) => {
    const value = Object.hasOwn(inputs, name) ? inputs[name] : undefined
    if (value === undefined) return whole
    return typeof value === 'string' ? value : JSON.stringify(value)
  })
}

/** The crew with its tasks' descriptions and expected outputs and its agents' profiles interpolated, as CrewAI does. */
export function interpolateCrew(crew: CrewDefinition, inputs: Record<string, unknown>): CrewDefinition {
  const agent = (definition: AgentDefinition): AgentDefinition => ({
    ...definition,
    role: interpolate(definition.role, inputs),
    goal: interpolate(definition.goal, inputs),
    backstory: interpolate(definition.backstory, inputs)
  })
  const task = (definition: TaskDefinition): TaskDefinition => ({
    ...definition,
    description: interpolate(definition.description, inputs),
    expectedOutput: interpolate(definition.expectedOutput, inputs)
  })
  return { ...crew, agents: crew.agents.map(agent), tasks: crew.tasks.map(task), manager: crew.manager ? agent(crew.manager) : crew.manager }
}
