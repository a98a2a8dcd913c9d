import { describe, expect, it } from 'vitest'
import type { Execution } from '@troupe/sdk'
import { executionQuery, matchesFilters, filtersFromQuery, filtersToQuery } from './execution-filters.ts'

const execution = { id: 'e', flowId: 'f1', status: 'running', trigger: 'manual' } as Execution

describe('execution filters', () => {
  it('builds a newest-first page query with only the filters that are set', () => {
    expect(executionQuery({}, 0, 25)).toEqual({ $sort: { createdAt: -1 }, $skip: 0, $limit: 25 })
    expect(executionQuery({ status: 'failed', flowId: 'f1' }, 50, 25)).toEqual({ $sort: { createdAt: -1 }, $skip: 50, $limit: 25, status: 'failed', flowId: 'f1' })
  })

  it('tells whether a live execution belongs in the filtered list', () => {
    expect(matchesFilters(execution, {})).toBe(true)
    expect(matchesFilters(execution, { status: 'running', flowId: 'f1', trigger: 'manual' })).toBe(true)
    expect(matchesFilters(execution, { status: 'succeeded' })).toBe(false)
    expect(matchesFilters(execution, { flowId: 'f2' })).toBe(false)
  })
})

describe('filters in the page address', () => {
  it('round-trip through the query', () => {
    const filters = { status: 'failed' as const, flowId: 'f1', trigger: 'webhook' }
    expect(filtersToQuery(filters)).toEqual({ status: 'failed', flowId: 'f1', trigger: 'webhook' })
    expect(filtersFromQuery(filtersToQuery(filters))).toEqual(filters)
    expect(filtersToQuery({})).toEqual({})
  })

  it('ignore what they cannot read: an unknown status, lists, empty or very long values', () => {
    expect(filtersFromQuery({ status: 'exploded', flowId: ['a', 'b'], trigger: '' })).toEqual({})
    expect(filtersFromQuery({ trigger: 'x'.repeat(201) })).toEqual({})
  })
})
