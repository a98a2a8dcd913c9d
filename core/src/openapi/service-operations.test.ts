import { Type, querySyntax } from '@feathersjs/typebox'
import { describe, expect, it } from 'vitest'
import type { ServiceDescriptor } from '../services/service-descriptor.js'
import { SchemaComponents } from './schema-components.js'
import { queryParameters, serviceOperations, type PlacedOperation } from './service-operations.js'

const widget = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), size: Type.Integer() }, { $id: 'Widget', additionalProperties: false })
const widgetData = Type.Object({ name: Type.String(), size: Type.Integer() }, { $id: 'WidgetData', additionalProperties: false })
const widgetPatch = Type.Partial(widgetData, { $id: 'WidgetPatch' })
const widgetQuery = querySyntax(Type.Pick(widget, ['name', 'size']))

const widgets: ServiceDescriptor = {
  path: 'widgets',
  methods: ['find', 'get', 'create', 'update', 'patch', 'remove'],
  schemas: { data: widgetData, patch: widgetPatch, query: widgetQuery, result: widget },
  owner: 'acme'
}

function byVerbAndPath(operations: PlacedOperation[]) {
  return Object.fromEntries(operations.map(({ verb, path, operation }) => [`${verb} ${path}`, operation as Record<string, any>]))
}

describe('serviceOperations', () => {
  it('places each method at its verb and path, with the bodies its schemas check', () => {
    const operations = byVerbAndPath(serviceOperations(widgets, new SchemaComponents()))
    expect(Object.keys(operations)).toEqual([
      'get /api/v1/widgets',
      'get /api/v1/widgets/{id}',
      'post /api/v1/widgets',
      'put /api/v1/widgets/{id}',
      'patch /api/v1/widgets/{id}',
      'delete /api/v1/widgets/{id}'
    ])
    const body = (key: string) => operations[key].requestBody?.content['application/json'].schema
    expect(body('post /api/v1/widgets')).toEqual({ $ref: '#/components/schemas/WidgetData' })
    expect(body('put /api/v1/widgets/{id}')).toEqual({ $ref: '#/components/schemas/WidgetData' })
    expect(body('patch /api/v1/widgets/{id}')).toEqual({ $ref: '#/components/schemas/WidgetPatch' })
    expect(operations['get /api/v1/widgets/{id}'].requestBody).toBeUndefined()
    expect(operations['get /api/v1/widgets/{id}'].parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }])
  })

  it('answers find with a page of the record, create with 201, the rest with the record', () => {
    const operations = byVerbAndPath(serviceOperations(widgets, new SchemaComponents()))
    const answer = (key: string, status: string) => operations[key].responses[status]?.content['application/json'].schema
    expect(answer('get /api/v1/widgets', '200')).toMatchObject({ required: ['total', 'limit', 'skip', 'data'], properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Widget' } } } })
    expect(answer('post /api/v1/widgets', '201')).toEqual({ $ref: '#/components/schemas/Widget' })
    expect(operations['post /api/v1/widgets'].responses['200']).toBeUndefined()
    for (const key of ['get /api/v1/widgets/{id}', 'put /api/v1/widgets/{id}', 'patch /api/v1/widgets/{id}', 'delete /api/v1/widgets/{id}']) {
      expect(answer(key, '200')).toEqual({ $ref: '#/components/schemas/Widget' })
    }
  })

  it('answers create with `created` when the service declares one', () => {
    const created = Type.Object({ id: Type.String(), secret: Type.String() }, { $id: 'CreatedWidget' })
    const [post] = serviceOperations({ path: 'widgets', methods: ['create'], schemas: { result: widget, created } }, new SchemaComponents())
    expect((post.operation.responses as any)['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreatedWidget' })
  })

  it('answers any JSON where the service declares no schema, and finds without a record are not called pages', () => {
    const [find, create] = serviceOperations({ path: 'reports', methods: ['find', 'create'] }, new SchemaComponents())
    expect((find.operation.responses as any)['200'].content['application/json'].schema).toEqual({})
    expect(find.operation.description).toBeUndefined()
    expect((create.operation.requestBody as any).content['application/json'].schema).toEqual({})
    expect((create.operation.responses as any)['201'].content['application/json'].schema).toEqual({})
  })

  it('asks for no credentials on public methods only, and lists 401 and 403 only where they can happen', () => {
    const [create, remove] = serviceOperations({ path: 'signup', methods: ['create', 'remove'], publicMethods: ['create'] }, new SchemaComponents())
    expect(create.operation.security).toEqual([])
    expect(Object.keys(create.operation.responses as object)).toEqual(['201', '400', '429', 'default'])
    expect(remove.operation.security).toBeUndefined()
    expect(Object.keys(remove.operation.responses as object)).toEqual(['200', '400', '401', '403', '404', '429', 'default'])
  })

  it('lists 404 for route params too, which name a record', () => {
    const [rerun] = serviceOperations({ path: 'executions/:executionId/rerun', methods: ['create'] }, new SchemaComponents())
    expect(rerun.path).toBe('/api/v1/executions/{executionId}/rerun')
    expect(rerun.operation.parameters).toEqual([{ name: 'executionId', in: 'path', required: true, schema: { type: 'string' } }])
    expect(rerun.operation.responses).toHaveProperty('404')
    const [find] = serviceOperations({ path: 'widgets', methods: ['find'] }, new SchemaComponents())
    expect(find.operation.responses).not.toHaveProperty('404')
  })

  it('takes ids named by the service as plain strings', () => {
    const [get] = serviceOperations({ path: 'plugins', methods: ['get'], ids: 'name' }, new SchemaComponents())
    expect(get.operation.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }])
  })

  it("marks a plugin's operations with the plugin, and leaves custom methods out", () => {
    const operations = serviceOperations({ ...widgets, methods: ['find', 'archive'] }, new SchemaComponents())
    expect(operations.map(({ operation }) => operation.operationId)).toEqual(['findWidgets'])
    expect(operations[0].operation['x-troupe-plugin']).toBe('acme')
    expect(operations[0].operation.description).toContain('Provided by the `acme` plugin.')
    expect(operations[0].operation.tags).toEqual(['widgets'])
  })
})

describe('queryParameters', () => {
  it('makes each field of the query schema a parameter, nested ones in bracket form', () => {
    const parameters = Object.fromEntries(queryParameters(widgetQuery, new SchemaComponents()).map((parameter) => [parameter.name, parameter]))
    expect(Object.keys(parameters)).toEqual(['$limit', '$skip', '$sort', '$select', '$and', '$or', 'name', 'size'])
    expect(parameters.$limit).toEqual({ name: '$limit', in: 'query', schema: { type: 'number', minimum: 0 } })
    expect(parameters.$select).not.toHaveProperty('style')
    for (const name of ['$sort', '$and', '$or', 'name', 'size']) expect(parameters[name]).toMatchObject({ in: 'query', style: 'deepObject', explode: true })
  })

  it('marks required query fields, and spreads a query schema that is not an object of fields as one parameter', () => {
    const required = queryParameters(Type.Object({ days: Type.Integer() }), new SchemaComponents())
    expect(required).toEqual([{ name: 'days', in: 'query', required: true, schema: { type: 'integer' } }])
    const combined = queryParameters(Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })]), new SchemaComponents())
    expect(combined).toHaveLength(1)
    expect(combined[0]).toMatchObject({ name: 'query', in: 'query', style: 'form', explode: true })
  })
})
