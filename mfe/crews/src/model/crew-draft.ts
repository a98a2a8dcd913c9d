import type { Crew, CrewData, CrewTask } from '@troupe/sdk'
import { jsonText, parseJsonObject } from './json-object-text.ts'
import { addTask, keepAgents, taskDraftFrom, type TaskDraft } from './task-list.ts'

/** Who manages a hierarchical crew: the built-in manager on the tenant's providers, one of the agents, or the built-in manager on one provider. */
export type ManagerKind = 'default' | 'agent' | 'provider'

export interface CrewDraft {
  name: string
  description: string
  process: Crew['process']
  agentIds: string[]
  managerKind: ManagerKind
  managerAgentId: string
  managerProviderId: string
  tasks: TaskDraft[]
  memory: boolean
  inputSchemaText: string
  exposeViaMcp: boolean
}

export function emptyCrewDraft(): CrewDraft {
  return {
    name: '',
    description: '',
    process: 'sequential',
    agentIds: [],
    managerKind: 'default',
    managerAgentId: '',
    managerProviderId: '',
    tasks: addTask([]),
    memory: false,
    inputSchemaText: '',
    exposeViaMcp: false
  }
}

export function crewDraftFrom(crew: Crew): CrewDraft {
  return {
    name: crew.name,
    description: crew.description,
    process: crew.process,
    agentIds: [...crew.agentIds],
    managerKind: crew.managerAgentId ? 'agent' : crew.managerProviderId ? 'provider' : 'default',
    managerAgentId: crew.managerAgentId ?? '',
    managerProviderId: crew.managerProviderId ?? '',
    tasks: crew.tasks.map(taskDraftFrom),
    memory: crew.memory,
    inputSchemaText: jsonText(crew.inputSchema),
    exposeViaMcp: crew.exposeViaMcp
  }
}

/** Changes the crew's agents; tasks assigned to a removed agent go back to "in turn". */
export function withAgents(draft: CrewDraft, agentIds: string[]): CrewDraft {
  return { ...draft, agentIds, tasks: keepAgents(draft.tasks, agentIds) }
}

/**
 * The data to save, or the fields that cannot be read, named as the API names them
 * (`tasks.1.outputSchema`), so both kinds of error land on the same controls.
 */
export function crewDraftToData(draft: CrewDraft): { data: CrewData } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const inputSchema = parseJsonObject(draft.inputSchemaText)
  if ('error' in inputSchema) errors.inputSchema = inputSchema.error
  const hierarchical = draft.process === 'hierarchical'
  const tasks: CrewTask[] = draft.tasks.map((task, index) => {
    const outputSchema = parseJsonObject(task.outputSchemaText)
    if ('error' in outputSchema) errors[`tasks.${index}.outputSchema`] = outputSchema.error
    return {
      id: task.id.trim(),
      description: task.description,
      expectedOutput: task.expectedOutput,
      // The manager decides who works on what in a hierarchical crew.
      agentId: hierarchical ? null : task.agentId || null,
      context: task.context.length ? task.context : null,
      outputSchema: 'value' in outputSchema ? outputSchema.value : null
    }
  })
  if (Object.keys(errors).length) return { errors }
  return {
    data: {
      name: draft.name.trim(),
      description: draft.description,
      process: draft.process,
      agentIds: draft.agentIds,
      managerAgentId: hierarchical && draft.managerKind === 'agent' ? draft.managerAgentId || null : null,
      managerProviderId: hierarchical && draft.managerKind === 'provider' ? draft.managerProviderId || null : null,
      tasks,
      memory: draft.memory,
      inputSchema: 'value' in inputSchema ? inputSchema.value : null,
      exposeViaMcp: draft.exposeViaMcp
    }
  }
}
