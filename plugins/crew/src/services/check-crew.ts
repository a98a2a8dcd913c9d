import type { HookContext } from '@feathersjs/feathers'
import type { Crew, CrewTask } from '@troupe/sdk'
import { fieldErrors, type FieldError } from './field-errors.js'
import { existingIds } from './tenant-lookup.js'

function taskProblems(tasks: CrewTask[], agentIds: Set<string>): FieldError[] {
  const problems: FieldError[] = []
  const earlier = new Set<string>()
  tasks.forEach((task, index) => {
    if (earlier.has(task.id)) problems.push({ field: `tasks.${index}.id`, message: `repeats task id ${task.id}` })
    if (task.agentId && !agentIds.has(task.agentId)) problems.push({ field: `tasks.${index}.agentId`, message: "is not one of the crew's agentIds" })
    ;(task.context ?? []).forEach((id, position) => {
      if (!earlier.has(id)) problems.push({ field: `tasks.${index}.context.${position}`, message: `must name an earlier task, not ${id}` })
    })
    earlier.add(task.id)
  })
  return problems
}

/**
 * Before a crew is stored (a patch is checked merged with what is stored): its agents, manager
 * and provider must be the tenant's own, task ids unique, each task's agent one of the crew's,
 * `context` only earlier tasks, and a manager only for hierarchical crews.
 */
export async function checkCrew(context: HookContext) {
  const { app, params, method } = context
  const principal = params.principal as { userId: string }
  const data = { ...(context.data as Partial<Crew>) }
  const existing = method === 'patch' ? ((await context.service._get(context.id, { principal })) as Crew) : undefined
  const crew = { ...existing, ...data } as Crew
  const problems: FieldError[] = []

  const wanted = [...crew.agentIds, ...(crew.managerAgentId ? [crew.managerAgentId] : [])]
  const agents = await existingIds(app, 'agents', principal, wanted)
  crew.agentIds.forEach((id, index) => {
    if (!agents.has(id)) problems.push({ field: `agentIds.${index}`, message: `is not an agent of this tenant: ${id}` })
  })
  if (crew.managerAgentId && !agents.has(crew.managerAgentId)) problems.push({ field: 'managerAgentId', message: 'is not an agent of this tenant' })
  if (crew.managerProviderId) {
    const providers = await existingIds(app, 'llm-providers', principal, [crew.managerProviderId])
    if (!providers.has(crew.managerProviderId)) problems.push({ field: 'managerProviderId', message: 'is not an LLM provider of this tenant' })
  }
  if (crew.process === 'sequential') {
    for (const field of ['managerAgentId', 'managerProviderId'] as const) {
      if (crew[field]) problems.push({ field, message: 'is only used by hierarchical crews' })
    }
  } else if (crew.managerAgentId && crew.managerProviderId) {
    problems.push({ field: 'managerProviderId', message: 'cannot be set together with managerAgentId' })
  }
  if (crew.inputSchema && crew.inputSchema.type !== 'object') problems.push({ field: 'inputSchema.type', message: 'must be "object"' })
  problems.push(...taskProblems(crew.tasks, new Set(crew.agentIds)))
  if (problems.length > 0) throw fieldErrors('crew', problems)

  if (method === 'create') Object.assign(data, { id: crypto.randomUUID(), createdBy: principal.userId })
  else data.updatedAt = new Date().toISOString()
  context.data = data
}
