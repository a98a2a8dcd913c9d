import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import type { RecordsClient, SubflowClient } from '@troupe/sdk/plugin'
import { flowMapNode, itemKey } from './flow-map-node.js'

const flowId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'

interface Run {
  id: string
  callKey: string
  status: string
  output?: unknown
  error?: string
}

/** Sub-flow runs held in memory, answering the queries the node makes the way the executions service does. */
function runsOf(initial: Run[] = [], refuseFrom = Infinity) {
  const runs = [...initial]
  const subflows: SubflowClient = {
    start: async ({ key }) => {
      if (runs.length >= refuseFrom) throw Object.assign(new Error('quota'), { code: 429 })
      const found = runs.find((run) => run.callKey === key)
      if (found) return { executionId: found.id, started: false }
      runs.push({ id: `run-${key}`, callKey: key!, status: 'queued' })
      return { executionId: `run-${key}`, started: true }
    }
  }
  const find = async (_path: string, query: Record<string, any> = {}) => {
    let found = runs.filter((run) => (query.status?.$in ? query.status.$in.includes(run.status) : true))
    if (query.callKey) found = found.filter((run) => run.callKey >= query.callKey.$gte && run.callKey <= query.callKey.$lte)
    if (query.$sort?.callKey === -1) found = [...found].sort((a, b) => b.callKey.localeCompare(a.callKey))
    found = found.slice(query.$skip ?? 0)
    return query.$limit === undefined ? found : found.slice(0, query.$limit)
  }
  const records = { get: async () => ({}), find, create: async () => ({}) } as unknown as RecordsClient
  return { runs, subflows, records }
}

const list = (count: number) => ({ list: Array.from({ length: count }, (_, n) => ({ n })) })

describe('flow.map', () => {
  it('keys items by their zero-padded index, so keys sort as indexes do', () => {
    expect(itemKey(7)).toBe('000007')
    expect([itemKey(10), itemKey(9)].sort()).toEqual([itemKey(9), itemKey(10)])
  })

  it('starts as many items as it may at once, in order, and waits for them', async () => {
    const { runs, subflows, records } = runsOf()
    const result = await runNode(flowMapNode, { params: { items: 'value.list', flowId, concurrency: 3 }, input: list(7), subflows, records })
    expect(runs.map((run) => run.callKey)).toEqual(['000000', '000001', '000002'])
    expect(result.wait).toMatchObject({ reason: 'Mapping 7 items', data: { total: 7, started: 3, running: 3 } })
  })

  it('fills places freed by ended items, then answers the outputs in input order', async () => {
    const { runs, subflows, records } = runsOf()
    const params = { items: 'value.list', flowId, concurrency: 2 }
    await runNode(flowMapNode, { params, input: list(3), subflows, records })
    for (const run of runs) Object.assign(run, { status: 'succeeded', output: { n: Number(run.callKey) } })
    await runNode(flowMapNode, { params, input: list(3), subflows, records, resume: { data: null } })
    expect(runs.map((run) => run.callKey)).toEqual(['000000', '000001', '000002'])
    Object.assign(runs[2], { status: 'succeeded', output: { n: 2 } })
    const done = await runNode(flowMapNode, { params, input: list(3), subflows, records, resume: { data: null } })
    expect(done.wait).toBeUndefined()
    expect(done.output).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }])
  })

  it('waits, without failing, when the tenant\'s quota refuses an item', async () => {
    const { runs, subflows, records } = runsOf([], 1)
    const first = await runNode(flowMapNode, { params: { items: 'value.list', flowId, concurrency: 3 }, input: list(5), subflows, records })
    expect(runs.map((run) => run.callKey)).toEqual(['000000'])
    expect(first.wait).toBeDefined()
  })

  it('fails on a failed item unless it collects them, and refuses what is no list', async () => {
    const failed = runsOf([{ id: 'r0', callKey: '000000', status: 'failed', error: 'no stock' }])
    await expect(runNode(flowMapNode, { params: { items: 'value.list', flowId }, input: list(1), ...failed })).rejects.toThrow("Item 0 failed in its sub-flow's run r0: no stock")
    const collected = runsOf([{ id: 'r0', callKey: '000000', status: 'failed', error: 'no stock' }])
    expect((await runNode(flowMapNode, { params: { items: 'value.list', flowId, onItemError: 'collect' }, input: list(1), ...collected })).output).toEqual([{ failed: true, error: 'no stock', executionId: 'r0' }])
    await expect(runNode(flowMapNode, { params: { items: 'value.list', flowId }, input: { list: 'text' }, ...runsOf() })).rejects.toThrow('items must give a list; it gave string')
    expect((await runNode(flowMapNode, { params: { items: 'value.list', flowId }, input: list(0), ...runsOf() })).output).toEqual([])
  })
})
