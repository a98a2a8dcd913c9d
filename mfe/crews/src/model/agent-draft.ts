import type { Agent, AgentData } from '@troupe/sdk'
import { jsonText, parseJsonObject } from './json-object-text.ts'

/** An agent as its form edits it: selects hold `''` for "none", the output schema is JSON text. */
export interface AgentDraft {
  name: string
  role: string
  goal: string
  backstory: string
  providerId: string
  model: string
  toolIds: string[]
  allowDelegation: boolean
  maxIterations: number
  outputSchemaText: string
}

export function emptyAgentDraft(): AgentDraft {
  return { name: '', role: '', goal: '', backstory: '', providerId: '', model: '', toolIds: [], allowDelegation: false, maxIterations: 10, outputSchemaText: '' }
}

export function agentDraftFrom(agent: Agent): AgentDraft {
  return {
    name: agent.name,
    role: agent.role,
    goal: agent.goal,
    backstory: agent.backstory,
    providerId: agent.providerId ?? '',
    model: agent.model ?? '',
    toolIds: [...agent.toolIds],
    allowDelegation: agent.allowDelegation,
    maxIterations: agent.maxIterations,
    outputSchemaText: jsonText(agent.outputSchema)
  }
}

/** The data to save, or the fields that cannot be read (by the API's field names). */
export function agentDraftToData(draft: AgentDraft): { data: AgentData } | { errors: Record<string, string> } {
  const outputSchema = parseJsonObject(draft.outputSchemaText)
  if ('error' in outputSchema) return { errors: { outputSchema: outputSchema.error } }
  return {
    data: {
      name: draft.name.trim(),
      role: draft.role.trim(),
      goal: draft.goal.trim(),
      backstory: draft.backstory,
      providerId: draft.providerId || null,
      model: draft.model.trim() || null,
      toolIds: draft.toolIds,
      allowDelegation: draft.allowDelegation,
      maxIterations: Number(draft.maxIterations),
      outputSchema: outputSchema.value
    }
  }
}
