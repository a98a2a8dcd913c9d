import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Execution, ExecutionEvent, FlowNode, TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useExecutionDetailStore } from './execution-detail.store.ts'

const node = (id: string, label?: string): FlowNode => ({ id, type: 'test.node', params: {}, position: { x: 0, y: 0 }, ...(label ? { label } : {}) })
const event = (seq: number, type: string, nodeId: string): ExecutionEvent => ({ executionId: 'e1', seq, type, nodeId, data: {}, createdAt: `2025-01-01T00:00:0${seq}Z` })

/** Version 1 ran (`in` → `out`); the flow has since been saved as version 2 with a third node. */
const pinned = { flowId: 'f1', version: 1, name: 'Greeter', nodes: [node('in', 'Start'), node('out')], edges: [{ id: 'e', source: 'in', target: 'out' }], createdBy: null, createdAt: '' }
const current = { id: 'f1', name: 'Greeter', version: 2, nodes: [node('in', 'Renamed'), node('out'), node('added')], edges: [] }

function fakeClient(execution: Partial<Execution>) {
  const emitter = { on: vi.fn(), off: vi.fn() }
  const services = {
    executions: {
      ...emitter,
      get: vi.fn(async () => ({ id: 'e1', status: 'succeeded', flowId: null, flowVersion: null, crewId: null, input: {}, ...execution })),
      find: vi.fn(async (): Promise<{ data: Array<Partial<Execution>> }> => ({ data: [] }))
    },
    'execution-events': { ...emitter, find: vi.fn(async () => ({ data: [event(1, 'node.started', 'in'), event(2, 'node.completed', 'in')] })) },
    'execution-subscriptions': { create: vi.fn(async () => ({})), remove: vi.fn(async () => ({})) },
    flows: { get: vi.fn(async () => current) },
    'flow-versions': { find: vi.fn(async () => ({ total: 1, data: [pinned] })) },
    crews: { get: vi.fn(async () => ({ id: 'c1', name: 'Newsroom' })) },
    usage: { find: vi.fn(async () => ({ total: { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 } })) }
  }
  return { client: { service: (path: string) => services[path as keyof typeof services] } as unknown as TroupeClient, services }
}

describe('execution detail store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('draws the flow version the execution pinned, and knows the flow changed since', async () => {
    const fake = fakeClient({ flowId: 'f1', flowVersion: 1 })
    setApi(fake.client)
    const detail = useExecutionDetailStore()
    await detail.open('e1')
    expect(fake.services['flow-versions'].find).toHaveBeenCalledWith({ query: { flowId: 'f1', version: 1, $limit: 1 } })
    expect(detail.flowVersion).toEqual(pinned)
    expect(detail.nodeRuns.map((run) => [run.nodeId, run.label, run.status])).toEqual([
      ['in', 'Start', 'succeeded'],
      ['out', undefined, 'pending']
    ])
    expect(detail.nodeStatuses).toEqual({ in: 'succeeded', out: 'pending' })
    expect(detail.flow?.version).toBe(2)
    expect(detail.flowChanged).toBe(true)
  })

  it('lists the sub-flows the execution started and follows them live, ignoring other runs', async () => {
    const fake = fakeClient({ flowId: 'f1', flowVersion: 1 })
    const child = { id: 'c1', status: 'running', parentExecutionId: 'e1', parentNodeId: 'call' } as Execution
    fake.services.executions.find.mockResolvedValueOnce({ data: [child] })
    setApi(fake.client)
    const detail = useExecutionDetailStore()
    await detail.open('e1')
    expect(fake.services.executions.find).toHaveBeenCalledWith({ query: { parentExecutionId: 'e1', $sort: { createdAt: 1 }, $limit: 100 } })
    detail.noteSubExecution({ ...child, status: 'succeeded' })
    detail.noteSubExecution({ id: 'c2', status: 'queued', parentExecutionId: 'e1', parentNodeId: 'call' } as Execution)
    detail.noteSubExecution({ id: 'x', status: 'queued', parentExecutionId: 'another', parentNodeId: 'call' } as Execution)
    expect(detail.subExecutions.map((run) => [run.id, run.status])).toEqual([
      ['c1', 'succeeded'],
      ['c2', 'queued']
    ])
  })

  it('says nothing changed when the flow is still at the pinned version', async () => {
    setApi(fakeClient({ flowId: 'f1', flowVersion: 2 }).client)
    const detail = useExecutionDetailStore()
    await detail.open('e1')
    expect(detail.flowChanged).toBe(false)
  })

  it('never falls back to the current graph when the pinned version cannot be read', async () => {
    const fake = fakeClient({ flowId: 'f1', flowVersion: 1 })
    fake.services['flow-versions'].find.mockRejectedValueOnce(new Error('gone'))
    setApi(fake.client)
    const detail = useExecutionDetailStore()
    await detail.open('e1')
    expect(detail.flowVersion).toBeUndefined()
    expect(detail.nodeRuns.map((run) => run.nodeId)).toEqual(['in'])
    expect(detail.error).toBeUndefined()
  })

  it('leaves crew runs as they were: no flow, no version, the crew', async () => {
    const fake = fakeClient({ crewId: 'c1' })
    setApi(fake.client)
    const detail = useExecutionDetailStore()
    await detail.open('e1')
    expect(fake.services['flow-versions'].find).not.toHaveBeenCalled()
    expect(fake.services.flows.get).not.toHaveBeenCalled()
    expect(detail.crew?.name).toBe('Newsroom')
    expect(detail.flowChanged).toBe(false)
  })
})
