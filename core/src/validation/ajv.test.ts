import { describe, expect, it } from 'vitest'
import { flowQuerySchema, userDataSchema } from '@troupe/sdk'
import { dataChecker, queryChecker } from './ajv.js'

describe('dataChecker', () => {
  const check = dataChecker(userDataSchema)

  it('names every offending field', () => {
    try {
      check({ email: 'nope', name: 'Ann', password: 'x', tenantId: 'other' })
      expect.unreachable()
    } catch (error) {
      const { message, code, data } = error as { message: string; code: number; data: unknown[] }
      expect(code).toBe(400)
      expect(message).toMatch(/tenantId is not allowed/)
      expect(message).toMatch(/email must match format "email"/)
      expect(message).toMatch(/password must NOT have fewer than 8 characters/)
      expect(data).toContainEqual({ field: 'tenantId', message: 'is not allowed' })
    }
  })

  it('passes valid data', () => {
    expect(() => check({ email: 'ann@example.com', name: 'Ann', password: 'long enough' })).not.toThrow()
  })
})

describe('queryChecker', () => {
  const check = queryChecker(flowQuerySchema)

  it.each([
    [{ name: { $regex: '.*' } }, /name/],
    [{ $where: '1=1' }, /\$where is not allowed/],
    [{ $select: ['nodes', 'password'] }, /\$select/],
    [{ $or: [{ tenantId: 'x' }] }, /\$or.0.tenantId is not allowed/]
  ])('refuses %j', (query, message) => {
    expect(() => check(query)).toThrow(message)
  })

  it('coerces query-string text', () => {
    const query: Record<string, unknown> = { $limit: '5', $select: 'name' }
    check(query)
    expect(query).toEqual({ $limit: 5, $select: ['name'] })
  })
})
