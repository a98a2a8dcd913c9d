import { describe, expect, it } from 'vitest'
import { mongoFilter, mongoProjection, mongoSort, storedRecord } from './mongo-query.js'

const dates = new Set(['createdAt'])

describe('mongoFilter', () => {
  it('passes equality, the Feathers operators and nested $or/$and through', () => {
    const query = { executionId: 'e1', seq: { $gt: 3, $lte: 9 }, type: { $in: ['log', 'token'] }, $and: [{ $or: [{ userId: 'u1' }, { nodeId: null }] }] }
    expect(mongoFilter(query, dates)).toEqual(query)
  })

  it('compares times as dates, whether given as text or epoch milliseconds', () => {
    const filter = mongoFilter({ createdAt: { $gte: '2026-01-02T03:04:05.678Z', $in: [0] } }, dates)
    expect(filter).toEqual({ createdAt: { $gte: new Date('2026-01-02T03:04:05.678Z'), $in: [new Date(0)] } })
    expect(mongoFilter({ createdAt: null }, dates)).toEqual({ createdAt: null })
    expect(() => mongoFilter({ createdAt: 'yesterday' }, dates)).toThrow(/createdAt must be a time/)
  })

  it('refuses operators that would run code or patterns on the server, and malformed lists', () => {
    expect(() => mongoFilter({ $where: 'sleep(1000)' }, dates)).toThrow(/Invalid query parameter \$where/)
    expect(() => mongoFilter({ type: { $regex: '.*' } }, dates)).toThrow(/Invalid query operator \$regex on type/)
    expect(() => mongoFilter({ data: { secret: 1 } }, dates)).toThrow(/Invalid query operator secret on data/)
    expect(() => mongoFilter({ type: { $in: 'log' } }, dates)).toThrow(/\$in on type needs a list/)
    expect(() => mongoFilter({ $or: { type: 'log' } }, dates)).toThrow(/\$or needs a list/)
    expect(() => mongoFilter({ $or: [{ $expr: {} }] }, dates)).toThrow(/Invalid query parameter \$expr/)
  })
})

describe('mongoSort, mongoProjection, storedRecord', () => {
  it('keeps the order of sort fields and reads 1 as ascending, anything else as descending', () => {
    expect(mongoSort({ executionId: 1, seq: '-1' })).toEqual([
      ['executionId', 1],
      ['seq', -1]
    ])
    expect(mongoSort(undefined)).toBeUndefined()
  })

  it('always selects the id and never MongoDB _id', () => {
    expect(mongoProjection(['content'], 'id')).toEqual({ id: 1, content: 1, _id: 0 })
    expect(mongoProjection(undefined, 'id')).toEqual({ _id: 0 })
  })

  it('stores times as dates and leaves other fields alone', () => {
    expect(storedRecord({ createdAt: '2026-01-02T03:04:05.678Z', content: 'hi' }, dates)).toEqual({ createdAt: new Date('2026-01-02T03:04:05.678Z'), content: 'hi' })
  })
})
