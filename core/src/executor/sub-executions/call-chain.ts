import type { Application, Principal } from '../../declarations.js'

/** The names of the tenant's flows among `ids` (a flow that went reads as its id). */
export async function flowNames(app: Application, principal: Principal, ids: string[]): Promise<Map<string, string>> {
  const rows = (await app
    .get('knex')('flows')
    .withSchema(principal.tenantSchema)
    .whereIn('id', [...new Set(ids)])
    .select('id', 'name')) as Array<{ id: string; name: string }>
  return new Map(rows.map((row) => [row.id, row.name]))
}

/** `"Orders" → "Refunds" → "Orders"`: a chain of flows as people read it. */
export function describeCallChain(ids: string[], names: Map<string, string>): string {
  return ids.map((id) => JSON.stringify(names.get(id) ?? id)).join(' → ')
}
