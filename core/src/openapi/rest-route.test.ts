import { describe, expect, it } from 'vitest'
import { isServiceMethod, openApiPath, operationId, restRoute } from './rest-route.js'

describe('restRoute', () => {
  it('puts find and create on the collection, the other methods on one record', () => {
    expect(restRoute('flows', 'find')).toEqual({ verb: 'get', path: '/api/v1/flows', routeParams: [], withId: false })
    expect(restRoute('flows', 'create')).toEqual({ verb: 'post', path: '/api/v1/flows', routeParams: [], withId: false })
    expect(restRoute('flows', 'get')).toEqual({ verb: 'get', path: '/api/v1/flows/{id}', routeParams: [], withId: true })
    expect(restRoute('flows', 'update')).toMatchObject({ verb: 'put', path: '/api/v1/flows/{id}' })
    expect(restRoute('flows', 'patch')).toMatchObject({ verb: 'patch', path: '/api/v1/flows/{id}' })
    expect(restRoute('flows', 'remove')).toMatchObject({ verb: 'delete', path: '/api/v1/flows/{id}' })
  })

  it('makes route params path templates, before the record id', () => {
    expect(restRoute('executions/:executionId/rerun', 'create')).toEqual({
      verb: 'post',
      path: '/api/v1/executions/{executionId}/rerun',
      routeParams: ['executionId'],
      withId: false
    })
    expect(restRoute('a/:first/b/:second', 'get')).toEqual({ verb: 'get', path: '/api/v1/a/{first}/b/{second}/{id}', routeParams: ['first', 'second'], withId: true })
  })
})

describe('openApiPath', () => {
  it('reads a route with or without its leading slash, under any prefix', () => {
    expect(openApiPath('/executions/:executionId/events')).toEqual({ path: '/api/v1/executions/{executionId}/events', routeParams: ['executionId'] })
    expect(openApiPath('health', '')).toEqual({ path: '/health', routeParams: [] })
  })
})

describe('isServiceMethod', () => {
  it('knows the six REST methods and nothing else, inherited names included', () => {
    for (const method of ['find', 'get', 'create', 'update', 'patch', 'remove']) expect(isServiceMethod(method)).toBe(true)
    for (const method of ['run', 'toString', 'constructor', '__proto__', '']) expect(isServiceMethod(method)).toBe(false)
  })
})

describe('operationId', () => {
  it('joins the method and the fixed segments of the path, route params left out', () => {
    expect(operationId('flows', 'find')).toBe('findFlows')
    expect(operationId('llm-providers/:providerId/test', 'create')).toBe('createLlmProvidersTest')
    expect(operationId('executions/:executionId/rerun', 'create')).toBe('createExecutionsRerun')
    expect(operationId('gdpr/export', 'create')).toBe('createGdprExport')
  })
})
