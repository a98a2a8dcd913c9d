import { Validator } from '@seriousme/openapi-schema-validator'
import { Type } from '@feathersjs/typebox'
import { servicePaths } from '@troupe/sdk'
import { describe, expect, it } from 'vitest'
import type { ServiceDescriptor } from '../services/service-descriptor.js'
import { buildOpenApiDocument } from './build-openapi-document.js'

const team = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }, { $id: 'Team', additionalProperties: false })
const join = Type.Object({ team: Type.Pick(team, ['name']), email: Type.String({ format: 'email' }) }, { $id: 'JoinData', additionalProperties: false })

const services: ServiceDescriptor[] = [
  { path: 'join', methods: ['create'], publicMethods: ['create'], schemas: { data: join } },
  { path: 'teams', methods: ['find', 'get', 'patch'], schemas: { result: team, patch: Type.Partial(Type.Pick(team, ['name']), { $id: 'TeamPatch' }) } },
  { path: 'team-tests', methods: ['create'] },
  { path: 'team/tests', methods: ['create'] },
  { path: servicePaths.hooks, methods: ['create'], publicMethods: ['create'] }
]

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument({ services, version: '1.2.3' }) as any

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(document.info.version).toBe('1.2.3')
  })

  it('names each record after its $id, even when a schema picked from it was met first', () => {
    expect(Object.keys(document.components.schemas)).toEqual(['Error', 'JoinData', 'Team', 'TeamPatch'])
    expect(document.components.schemas.Team.properties).toHaveProperty('id')
    expect(document.components.schemas.JoinData.properties.team).toEqual({ type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } })
  })

  it('keeps operation ids unique when two paths read alike', () => {
    const ids = Object.values(document.paths).flatMap((item: any) => Object.values(item).map((operation: any) => operation.operationId))
    expect(new Set(ids).size).toBe(ids.length)
    expect(document.paths['/api/v1/team-tests'].post.operationId).toBe('createTeamTests')
    expect(document.paths['/api/v1/team/tests'].post.operationId).toBe('createTeamTests2')
  })

  it('replaces a generated operation by the hand-described one at its path and verb, and adds the routes that are no service', () => {
    const webhook = document.paths['/api/v1/hooks/{flowId}'].post
    expect(webhook.operationId).toBe('callWebhook')
    expect(webhook.responses).toHaveProperty('202')
    expect(document.paths['/api/v1/executions/{executionId}/events'].get.responses['200'].content).toHaveProperty('text/event-stream')
    expect(document.paths['/health'].get.security).toEqual([])
  })

  it('lists the paths in order, whatever order the services registered in', () => {
    const reordered = buildOpenApiDocument({ services: [...services].reverse(), version: '1.2.3' }) as any
    expect(Object.keys(reordered.paths)).toEqual(Object.keys(document.paths))
    expect(Object.keys(document.paths)).toEqual([...Object.keys(document.paths)].sort((a, b) => a.localeCompare(b)))
  })
})
