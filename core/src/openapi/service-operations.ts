import type { ServiceMethodName } from '@troupe/sdk'
import type { ServiceDescriptor } from '../services/service-descriptor.js'
import { errorResponse } from './error-responses.js'
import { isServiceMethod, operationId, restRoute, type HttpVerb } from './rest-route.js'
import type { JsonSchema, SchemaComponents } from './schema-components.js'

/** One operation of the document, at its path and verb. */
export interface PlacedOperation {
  path: string
  verb: HttpVerb
  operation: JsonSchema
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } })

/** What `find` answers on every paginated service (Feathers' page, `paginate` in the service options). */
function page(items: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['total', 'limit', 'skip', 'data'],
    properties: {
      total: { type: 'integer', minimum: 0, description: 'Records matching the query, on every page' },
      limit: { type: 'integer', minimum: 0, description: 'The page size: `$limit`, capped by the service' },
      skip: { type: 'integer', minimum: 0 },
      data: { type: 'array', items }
    }
  }
}

/** A property whose value is an object (`$sort`, `createdAt: {$gt}`) or a list of them (`$or`), rather than one value. */
function isNested(schema: JsonSchema): boolean {
  if (schema.type === 'object') return true
  if (schema.type === 'array') return isNested((schema.items as JsonSchema | undefined) ?? {})
  return ['anyOf', 'oneOf', 'allOf'].some((keyword) => (schema[keyword] as JsonSchema[] | undefined)?.some(isNested))
}

/**
 * The query schema as query parameters: one per property, nested ones in the bracket form the
 * REST transport parses (`$sort[createdAt]=-1`, `createdAt[$gt]=...`: OpenAPI's `deepObject`).
 * A query schema that is not an object of properties is one parameter spread over the query.
 */
export function queryParameters(query: object, components: SchemaComponents): JsonSchema[] {
  const plain = JSON.parse(JSON.stringify(query)) as JsonSchema
  const properties = plain.properties as Record<string, JsonSchema> | undefined
  if (plain.type !== 'object' || !properties) return [{ name: 'query', in: 'query', style: 'form', explode: true, schema: components.use(query) }]
  const required = new Set((plain.required as string[] | undefined) ?? [])
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    ...(required.has(name) ? { required: true } : {}),
    ...(isNested(schema) ? { style: 'deepObject', explode: true } : {}),
    schema: components.use(schema)
  }))
}

function pathParameters(descriptor: ServiceDescriptor, routeParams: string[], withId: boolean): JsonSchema[] {
  const parameters: JsonSchema[] = routeParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
  if (withId) parameters.push({ name: 'id', in: 'path', required: true, schema: descriptor.ids === 'name' ? { type: 'string' } : { type: 'string', format: 'uuid' } })
  return parameters
}

/** The body `method` takes, by the schema the shared validation checks it against. */
function requestBody(descriptor: ServiceDescriptor, method: ServiceMethodName, components: SchemaComponents): JsonSchema | undefined {
  if (method !== 'create' && method !== 'update' && method !== 'patch') return undefined
  const schema = method === 'patch' ? descriptor.schemas?.patch : descriptor.schemas?.data
  return { required: true, content: json(schema ? components.use(schema) : {}) }
}

/** The answer of `method` when it succeeds: Feathers' REST transport answers `create` with 201. */
function success(descriptor: ServiceDescriptor, method: ServiceMethodName, components: SchemaComponents): Record<string, JsonSchema> {
  const { result, created } = descriptor.schemas ?? {}
  const record = result ? components.use(result) : undefined
  if (method === 'find') {
    if (!record) return { '200': { description: "The service's answer", content: json({}) } }
    return { '200': { description: 'A page of records', content: json(page(record)) } }
  }
  if (method === 'create') {
    const answer = created ? components.use(created) : record
    return { '201': { description: 'Created', content: json(answer ?? {}) } }
  }
  return { '200': { description: method === 'remove' ? 'The removed record' : 'The record', content: json(record ?? {}) } }
}

/** What a method does beyond its name, where the service answers records (a `find` of records pages through them). */
const descriptions: Partial<Record<ServiceMethodName, string>> = {
  find: 'Filter with the query parameters (`$in`, `$nin`, `$lt`, `$lte`, `$gt`, `$gte`, `$ne`, `$or`, `$and` on the listed fields), order with `$sort`, choose fields with `$select`, page with `$limit` and `$skip`.',
  update: 'Replaces the editable fields.'
}

/**
 * The REST operations of one registered service, from what it declared to `registerService`:
 * its path and methods, the schemas its external calls are checked against (query parameters and
 * bodies), the record it answers (`result`), and which methods are public. Custom methods are
 * left out: OpenAPI has one operation per path and verb, and Feathers serves them as POSTs to the
 * collection, told apart from `create` by the `X-Service-Method` header.
 */
export function serviceOperations(descriptor: ServiceDescriptor, components: SchemaComponents): PlacedOperation[] {
  const publicMethods = new Set(descriptor.publicMethods ?? [])
  return descriptor.methods.filter(isServiceMethod).map((method) => {
    const { verb, path, routeParams, withId } = restRoute(descriptor.path, method)
    const isPublic = publicMethods.has(method)
    const parameters = [...pathParameters(descriptor, routeParams, withId), ...(method === 'find' && descriptor.schemas?.query ? queryParameters(descriptor.schemas.query, components) : [])]
    const body = requestBody(descriptor, method, components)
    const described = descriptor.schemas?.result ? descriptions[method] : undefined
    const description = [described, descriptor.owner ? `Provided by the \`${descriptor.owner}\` plugin.` : undefined].filter(Boolean).join(' ')
    const operation: JsonSchema = {
      operationId: operationId(descriptor.path, method),
      summary: `${method} ${descriptor.path}`,
      ...(description ? { description } : {}),
      tags: [descriptor.path.split('/')[0]],
      ...(isPublic ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: {
        ...success(descriptor, method, components),
        '400': errorResponse('BadRequest'),
        ...(isPublic ? {} : { '401': errorResponse('NotAuthenticated'), '403': errorResponse('Forbidden') }),
        ...(withId || routeParams.length ? { '404': errorResponse('NotFound') } : {}),
        '429': errorResponse('TooManyRequests'),
        default: errorResponse('Error')
      },
      ...(descriptor.owner ? { 'x-troupe-plugin': descriptor.owner } : {})
    }
    return { path, verb, operation }
  })
}
