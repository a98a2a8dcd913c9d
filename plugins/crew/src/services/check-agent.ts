import type { HookContext } from '@feathersjs/feathers'
import type { Agent } from '@troupe/sdk'
import { fieldErrors, type FieldError } from './field-errors.js'
import { existingIds } from './tenant-lookup.js'

/**
 * Before an agent is stored: its tools and provider must be the tenant's own (another tenant's id
 * is as unknown as a made-up one), and its output schema an object schema.
 */
export async function checkAgent(context: HookContext) {
  const { app, params, method } = context
  const principal = params.principal as { userId: string }
  const data = { ...(context.data as Partial<Agent>) }
  const problems: FieldError[] = []
  const toolIds = data.toolIds ?? []
  const tools = await existingIds(app, 'tools', principal, toolIds)
  toolIds.forEach((id, index) => {
    if (!tools.has(id)) problems.push({ field: `toolIds.${index}`, message: `is not a tool of this tenant: ${id}` })
  })
  if (data.providerId) {
    const providers = await existingIds(app, 'llm-providers', principal, [data.providerId])
    if (!providers.has(data.providerId)) problems.push({ field: 'providerId', message: 'is not an LLM provider of this tenant' })
  }
  if (data.outputSchema && data.outputSchema.type !== 'object' && data.outputSchema.type !== 'array') {
    problems.push({ field: 'outputSchema.type', message: 'must be "object" or "array"' })
  }
  if (problems.length > 0) throw fieldErrors('agent', problems)

  if (method === 'create') Object.assign(data, { id: crypto.randomUUID(), createdBy: principal.userId })
  else data.updatedAt = new Date().toISOString()
  context.data = data
}
