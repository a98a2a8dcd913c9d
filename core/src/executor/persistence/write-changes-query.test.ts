import { describe, expect, it } from 'vitest'
import { emptyChanges } from './execution-changes.js'
import { idArray, readWrittenExecutions, writeChangesQuery } from './write-changes-query.js'
import { storableJson } from './storable-json.js'

const at = new Date('2026-01-02T03:04:05.678Z')

describe('writeChangesQuery', () => {
  it('fences every execution by the runner and sends rows as JSON, times as epoch milliseconds', () => {
    const started = emptyChanges('e1')
    started.status = { status: 'running' }
    started.events.push({ executionId: 'e1', seq: 1, type: 'execution.started', nodeId: null, data: { flowVersion: 1 }, createdAt: at })
    const progress = emptyChanges('e2')
    progress.nodes.set('a', { status: 'running', startedAt: at, input: { n: 1 } })
    const { sql, bindings } = writeChangesQuery('tenant_x', 'runner-1', [started, progress])

    expect(sql).toMatch(/for update/)
    expect(sql.match(/runner_id = \?/g)).toHaveLength(2)
    expect(bindings.filter((binding) => binding === 'runner-1')).toHaveLength(2)
    expect(bindings[1]).toBe('{"e2"}')
    expect(bindings[5]).toBe('{"e1"}')
    expect(JSON.parse(bindings[4])).toEqual([{ id: 'e1', status: 'running', final: false, output: null, error: null }])
    expect(bindings).toContain(JSON.stringify([{ execution_id: 'e2', node_id: 'a', status: 'running', input: { n: 1 }, started_at: at.getTime() }]))
    expect(JSON.parse(bindings.at(-1)!)).toEqual([
      { execution_id: 'e1', seq: 1, type: 'execution.started', node_id: null, data: { flowVersion: 1 }, created_at: at.getTime() }
    ])
    // Every `??` is the schema and every `?` one binding.
    const identifiers = sql.match(/\?\?/g)!.length
    expect(sql.replace(/\?\?/g, '').match(/\?/g)!.length + identifiers).toBe(bindings.length)
    expect(bindings.filter((binding) => binding === 'tenant_x')).toHaveLength(identifiers)
  })

  it('upserts node patches with different fields in separate groups, so no field is nulled', () => {
    const changes = emptyChanges('e1')
    changes.nodes.set('a', { status: 'succeeded', startedAt: at, input: 1, finishedAt: at, attempts: 1, output: 2, port: null, error: null })
    changes.nodes.set('b', { status: 'skipped', finishedAt: at })
    const { sql } = writeChangesQuery('tenant_x', 'runner-1', [changes])
    expect(sql.match(/insert into \?\?\.execution_nodes/g)).toHaveLength(2)
    expect(sql).toMatch(/nodes_1 as \(insert into \?\?\.execution_nodes \(execution_id, node_id, status, finished_at\)/)
    expect(sql).toMatch(/do update set status = excluded\.status, finished_at = excluded\.finished_at\)/)
  })

  it('leaves the events out when another log store appends them after the statement', () => {
    const changes = emptyChanges('e1')
    changes.status = { status: 'running' }
    changes.events.push({ executionId: 'e1', seq: 1, type: 'execution.started', nodeId: null, data: {}, createdAt: at })
    expect(writeChangesQuery('tenant_x', 'runner-1', [changes]).sql).toMatch(/execution_events/)
    const { sql, bindings } = writeChangesQuery('tenant_x', 'runner-1', [changes], { withEvents: false })
    expect(sql).not.toMatch(/execution_events/)
    expect(bindings.some((binding) => binding.includes('execution.started'))).toBe(false)
  })

  it('marks a terminal status as final, with its output and error', () => {
    const changes = emptyChanges('e1')
    changes.status = { status: 'failed', output: null, error: 'Node a failed: boom' }
    const { bindings } = writeChangesQuery('tenant_x', 'runner-1', [changes])
    expect(JSON.parse(bindings[4])).toEqual([{ id: 'e1', status: 'failed', final: true, output: null, error: 'Node a failed: boom' }])
  })
})

describe('idArray', () => {
  it('quotes every element, so nothing in an id can end it or the array', () => {
    expect(idArray([])).toBe('{}')
    expect(idArray(['6b1c1b7e-3f8e-4d8e-9a41-0c7d2b0e5a11', 'x'])).toBe('{"6b1c1b7e-3f8e-4d8e-9a41-0c7d2b0e5a11","x"}')
    expect(idArray(['a"},{"b', 'c\\'])).toBe('{"a\\"},{\\"b","c\\\\"}')
  })
})

describe('readWrittenExecutions', () => {
  it('tells fenced rows from patched ones, camel-casing the patched rows', () => {
    const written = readWrittenExecutions([
      { fenced_id: 'e1', fenced_status: 'running', id: null, status: null, flow_id: null },
      { fenced_id: null, fenced_status: null, id: 'e2', status: 'succeeded', flow_id: 'f', runner_id: 'r' }
    ])
    expect(written.get('e1')).toEqual({ status: 'running' })
    expect(written.get('e2')).toEqual({ status: 'succeeded', row: { id: 'e2', status: 'succeeded', flowId: 'f', runnerId: 'r' } })
    expect(written.has('e3')).toBe(false)
  })
})

describe('storableJson', () => {
  it('replaces NUL characters, which jsonb cannot store, and leaves an escaped backslash before u0000 alone', () => {
    const text = storableJson({ nul: 'x\u0000y', literal: 'back\\u0000slash', both: '\\\u0000' })
    expect(JSON.parse(text)).toEqual({ nul: 'x\ufffdy', literal: 'back\\u0000slash', both: '\\\ufffd' })
  })

  it('replaces lone halves of surrogate pairs, which jsonb cannot store either, and keeps whole pairs', () => {
    const text = storableJson({ high: 'a\ud800b', low: '\udfff', pair: '😀', literal: 'back\\ud800slash' })
    expect(JSON.parse(text)).toEqual({ high: 'a\ufffdb', low: '\ufffd', pair: '😀', literal: 'back\\ud800slash' })
  })
})
