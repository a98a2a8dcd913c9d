import { BadRequest } from '@feathersjs/errors'
import { Type, type TSchema } from '@feathersjs/typebox'
import { executionDataSchema, executionQuerySchema, Id } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { createRecordsClient } from '../../executor/records-client.js'
import type { FlowShape } from '../../executor/graph/flow-shapes.js'

const schemasFor = new Map<string, { data: TSchema; query: TSchema }>()

/**
 * The executions service's data and query schemas for these entry fields, one pair per set of
 * fields (servers started in one process share them; ajv compiles each once). Data: `{flowId,
 * input?}`, or `{<field>: id, input?}` for each loaded entry (`{crewId, input?}` with the crew
 * plugin): an entry no plugin provides is refused like any unknown field. Query: the SDK's, each
 * loaded entry's field filtering by equality or `$in`. No `$id`: the SDK's `ExecutionData` keeps it.
 */
export function executionSchemasFor(fields: readonly string[]): { data: TSchema; query: TSchema } {
  const key = fields.join(',')
  let schemas = schemasFor.get(key)
  if (!schemas) {
    const [flowRun] = executionDataSchema.anyOf
    const data = Type.Union([flowRun, ...fields.map((field) => Type.Object({ [field]: Id, input: Type.Optional(Type.Unknown()) }, { additionalProperties: false }))])
    const byEntry = Object.fromEntries(fields.map((field) => [field, Type.Optional(Type.Union([Id, Type.Object({ $in: Type.Array(Id, { maxItems: 100 }) }, { additionalProperties: false })]))]))
    const query = Type.Object({ ...executionQuerySchema.properties, ...byEntry }, { additionalProperties: false })
    schemasFor.set(key, (schemas = { data, query }))
  }
  return schemas
}

/** A query on entry fields as the table has them (`{crewId: x}` → `{entryField: 'crewId', entryId: x}`). */
export function entryQuery(query: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const named = fields.filter((field) => query[field] !== undefined)
  if (!named.length) return query
  if (named.length > 1) throw new BadRequest(`Filter on one of ${named.join(', ')} at a time`, named.map((field) => ({ field, message: 'only one entry field per query' })))
  const [field] = named
  const { [field]: value, ...rest } = query
  return { ...rest, entryField: field, entryId: value }
}

/**
 * The graph the entry `field` builds for the record `id`, on behalf of `principal`: a 400 naming
 * the field when it is not a record of the tenant.
 */
export async function entryGraph(app: Application, principal: Principal, field: string, id: string): Promise<FlowShape> {
  const contributed = app.get('plugins').executionEntries.get(field)
  if (!contributed) throw new BadRequest(`${field} is not a way to start an execution here`, [{ field, message: 'no loaded plugin provides it' }])
  const graph = await contributed.entry.graph({ id, records: createRecordsClient(app, principal, contributed.plugin) }).catch((error: Error & { code?: number }) => {
    // A record of another tenant, or none, reads as not found: the same answer as a missing one.
    if (error?.code === 404 || error?.name === 'NotFound') return undefined
    throw error
  })
  if (!graph) throw new BadRequest(`${field} ${id} does not name a record of this tenant`, [{ field, message: 'does not exist' }])
  return graph
}
