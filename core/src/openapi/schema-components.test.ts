import { Type } from '@feathersjs/typebox'
import { describe, expect, it } from 'vitest'
import { SchemaComponents } from './schema-components.js'

const thing = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }, { $id: 'Thing', additionalProperties: false })

describe('SchemaComponents', () => {
  it('makes a schema with an $id a component, without the $id and without TypeBox symbols, and refers to it', () => {
    const components = new SchemaComponents()
    expect(components.use(thing)).toEqual({ $ref: '#/components/schemas/Thing' })
    const { Thing } = components.all()
    expect(Thing).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } }
    })
    expect(Object.getOwnPropertySymbols(Thing)).toEqual([])
    expect(Object.getOwnPropertySymbols((Thing.properties as Record<string, object>).id)).toEqual([])
  })

  it('refers to nested schemas with an $id wherever they occur, one component each', () => {
    const components = new SchemaComponents()
    const page = components.use(Type.Object({ items: Type.Array(thing), first: Type.Union([thing, Type.Null()]) }))
    expect(page.properties).toEqual({
      items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
      first: { anyOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'null' }] }
    })
    expect(components.use(thing)).toEqual({ $ref: '#/components/schemas/Thing' })
    expect(Object.keys(components.all())).toEqual(['Thing'])
  })

  it('writes a different schema under a taken $id inline, as TypeBox gives a Pick its source\'s $id', () => {
    const components = new SchemaComponents()
    components.use(thing)
    const picked = Type.Pick(thing, ['name'])
    expect(picked.$id).toBe('Thing')
    const signup = components.use(Type.Object({ thing: picked }))
    expect((signup.properties as Record<string, unknown>).thing).toEqual({ type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } })
    expect(components.all().Thing.properties).toHaveProperty('id')
  })

  it('leaves $id alone inside values (const, default, enum, examples) but walks a property named like one', () => {
    const components = new SchemaComponents()
    const schema = components.use({
      type: 'object',
      default: { $id: 'NotASchema' },
      properties: { default: { $id: 'Named', type: 'string' }, const: { const: { $id: 'Value' } } }
    })
    expect(schema.default).toEqual({ $id: 'NotASchema' })
    expect(schema.properties).toEqual({ default: { $ref: '#/components/schemas/Named' }, const: { const: { $id: 'Value' } } })
    expect(Object.keys(components.all())).toEqual(['Named'])
  })

  it('names components only with the characters OpenAPI allows, and inlines a schema whose $id leaves no name', () => {
    const components = new SchemaComponents()
    expect(components.use({ $id: 'https://acme.test/schemas/widget.json', type: 'object' })).toEqual({ $ref: '#/components/schemas/https___acme.test_schemas_widget.json' })
    expect(components.use({ $id: '', type: 'string' })).toEqual({ type: 'string' })
  })

  it('refuses to add a component under a name already used', () => {
    const components = new SchemaComponents()
    components.use(thing)
    expect(() => components.add('Thing', { type: 'object' })).toThrow('already has a schema named Thing')
    components.add('Error', { type: 'object' })
    expect(Object.keys(components.all())).toEqual(['Error', 'Thing'])
  })
})
