import type { HookContext } from '@feathersjs/feathers'
import type { ChatSessionData } from '@troupe/sdk'
import { fieldErrors } from '../services/field-errors.js'
import { existingIds } from '../services/tenant-lookup.js'

const targets = [
  ['agentId', 'agents'],
  ['crewId', 'crews'],
  ['flowId', 'flows']
] as const

/** A new session talks to exactly one existing agent, crew or flow of the tenant, and belongs to its creator. */
export async function checkChatSession(context: HookContext) {
  const principal = context.params.principal as { userId: string }
  const data = context.data as ChatSessionData
  const chosen = targets.filter(([field]) => data[field])
  if (chosen.length !== 1) {
    throw fieldErrors('chat session', [{ field: 'agentId', message: 'exactly one of agentId, crewId and flowId must be set' }])
  }
  const [field, path] = chosen[0]
  const id = data[field]!
  if (!(await existingIds(context.app, path, principal, [id])).has(id)) {
    throw fieldErrors('chat session', [{ field, message: `is not one of this tenant's ${path}` }])
  }
  context.data = { ...data, id: crypto.randomUUID(), userId: principal.userId, title: data.title ?? '' }
}
