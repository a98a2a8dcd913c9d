import { describe, expect, it } from 'vitest'
import { Ajv } from 'ajv'
import { Type } from '@feathersjs/typebox'
import { executionQuerySchema, flowDataSchema, flowQuerySchema, userQuerySchema } from '@troupe/sdk'
import { shareRepeatedSubschemas } from './share-repeated-subschemas.js'

const queries: Array<Record<string, unknown>> = [
  { $limit: '5', $select: 'name' },
  { status: 'failed', $sort: { createdAt: '-1' } },
  { $or: [{ status: 'failed' }, { status: { $in: ['running', 'queued'] } }] },
  { $and: [{ $or: [{ status: { $nin: 'x' } }] }, { createdAt: { $gt: 'yesterday' } }] },
  { $or: [{ tenantId: 'x' }] },
  { $and: [{ $or: [{ password: 1 }] }] },
  { $where: '1=1' },
  { name: { $regex: '.*' } },
  { $limit: -1, $skip: 'many' }
]

/** What Ajv makes of each query: whether it passes, the errors' paths and messages, and the query after coercion. */
function outcomes(schema: object) {
  const validate = new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', inlineRefs: false }).compile(schema)
  return queries.map((query) => {
    const coerced = structuredClone(query)
    const valid = validate(coerced)
    return { valid, errors: validate.errors?.map(({ instancePath, message }) => `${instancePath} ${message}`), coerced }
  })
}

describe('shareRepeatedSubschemas', () => {
  it.each([
    ['executions', executionQuerySchema],
    ['flows', flowQuerySchema],
    ['users', userQuerySchema]
  ])('writes each field of the %s query syntax once, and accepts, coerces and refuses exactly as before', (_name, schema) => {
    const shared = shareRepeatedSubschemas(schema)
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(schema).length / 2)
    expect(Object.keys((shared as { $defs?: object }).$defs ?? {}).length).toBeGreaterThan(0)
    expect(outcomes(shared)).toEqual(outcomes(schema))
  })

  it('leaves the schema it is given as it was', () => {
    const before = JSON.stringify(flowQuerySchema)
    shareRepeatedSubschemas(flowQuerySchema)
    expect(JSON.stringify(flowQuerySchema)).toBe(before)
  })

  it('returns a schema without large repeats, or with $defs of its own, unchanged', () => {
    expect(shareRepeatedSubschemas(flowDataSchema)).toBe(flowDataSchema)
    const own = { $defs: { a: { type: 'string' } }, type: 'object' }
    expect(shareRepeatedSubschemas(own)).toBe(own)
  })

  it('never moves a part that declares an $id away from where it is declared', () => {
    const part = Type.Object({ name: Type.String({ maxLength: 10 }), description: Type.String({ maxLength: 2000, description: 'x'.repeat(300) }) }, { $id: 'Part' })
    const schema = Type.Object({ first: part, second: Type.Array(Type.Object({ inner: Type.String() })) })
    const shared = shareRepeatedSubschemas(schema)
    expect(shared).toBe(schema)
  })

  it('shares a repeat found only inside another shared part', () => {
    const leaf = Type.Object({ text: Type.String({ description: 'y'.repeat(300) }) })
    const branch = Type.Object({ left: leaf, right: leaf, tag: Type.String({ description: 'z'.repeat(300) }) })
    const schema = Type.Object({ one: branch, two: branch })
    const shared: { $defs?: Record<string, unknown> } = shareRepeatedSubschemas<object>(schema)
    expect(Object.keys(shared.$defs ?? {})).toHaveLength(2)
    expect(JSON.stringify(shared).split('y'.repeat(300))).toHaveLength(2)
    const validate = new Ajv({ allErrors: true, inlineRefs: false }).compile(shared)
    expect(validate({ one: { left: { text: 'a' }, right: { text: 'b' }, tag: 'c' }, two: { left: { text: 'a' }, right: { text: 'b' }, tag: 'c' } })).toBe(true)
    expect(validate({ one: { left: { text: 1 }, right: { text: 'b' }, tag: 'c' }, two: { left: {}, right: { text: 'b' }, tag: 'c' } })).toBe(false)
    expect(validate.errors?.map((error) => `${error.instancePath} ${error.message}`)).toEqual(["/one/left/text must be string", "/two/left must have required property 'text'"])
  })
})
