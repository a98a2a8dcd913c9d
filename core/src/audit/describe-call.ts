import type { HookContext } from '../declarations.js'

/** The audit action of a service call: its method, or a name that says more (`execution.start`). */
export function actionOf(path: string, method: string, data: unknown): string {
  if (path === 'executions' && method === 'create') return 'execution.start'
  if (path === 'executions' && method === 'patch') return 'execution.cancel'
  if (path === 'users' && (method === 'patch' || method === 'update') && data && typeof data === 'object' && 'role' in data) return 'user.role-change'
  if (path === 'api-keys' && method === 'create') return 'api-key.create'
  return method
}

/** What changed, without values: the field names the client sent, and for role changes the new role. */
export function detailsOf(context: HookContext, data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {}
  const details: Record<string, unknown> = { fields: Object.keys(data).sort() }
  if (context.path === 'users' && 'role' in data) details.role = (data as { role: unknown }).role
  if (context.path === 'executions' && context.method === 'create') {
    // What it runs: the flow, or the record a plugin's entry names (`crewId`).
    for (const [field, value] of Object.entries(data)) if (/Id$/.test(field) && typeof value === 'string') details[field] = value
  }
  return details
}

/** The id of the record a call touched: the one it named, else the one it created. */
export function recordIdOf(context: HookContext): string | null {
  if (context.id !== undefined && context.id !== null) return String(context.id)
  const result = context.result as { id?: unknown } | undefined
  return result && typeof result === 'object' && result.id !== undefined ? String(result.id) : null
}
