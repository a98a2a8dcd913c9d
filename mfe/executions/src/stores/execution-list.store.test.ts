import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Execution, TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useExecutionListStore } from './execution-list.store.ts'

const execution = (id: string, status: Execution['status'], flowId = 'f1') => ({ id, status, flowId, trigger: 'manual' }) as Execution
const executions = { find: vi.fn() }

describe('execution list store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi({ service: () => executions } as unknown as TroupeClient)
    executions.find.mockReset()
  })

  it('asks for the filtered page, newest first, and resets paging when filters change', async () => {
    executions.find.mockResolvedValue({ total: 1, data: [execution('a', 'failed')] })
    const list = useExecutionListStore()
    await list.goToPage(25)
    await list.setFilters({ status: 'failed' })
    expect(executions.find).toHaveBeenLastCalledWith({ query: { $sort: { createdAt: -1 }, $skip: 0, $limit: 25, status: 'failed' } })
    expect(list.executions.map((item) => item.id)).toEqual(['a'])
  })

  it('adds new matching executions on top, updates statuses live, and drops rows that stop matching', async () => {
    executions.find.mockResolvedValue({ total: 1, data: [execution('a', 'running')] })
    const list = useExecutionListStore()
    await list.setFilters({ flowId: 'f1' })
    list.onCreated(execution('b', 'queued'))
    list.onCreated(execution('c', 'queued', 'f2'))
    expect(list.executions.map((item) => item.id)).toEqual(['b', 'a'])
    expect(list.total).toBe(2)
    list.onPatched(execution('a', 'succeeded'))
    expect(list.executions.find((item) => item.id === 'a')!.status).toBe('succeeded')

    await list.setFilters({ status: 'running' })
    list.onPatched(execution('a', 'succeeded'))
    expect(list.executions).toEqual([])
  })
})

describe('execution list triggers', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it("offers the core's triggers and the loaded plugins' trigger types to filter on", async () => {
    const answers: Record<string, unknown> = {
      flows: { data: [{ id: 'f1', name: 'orders' }] },
      crews: { data: [] },
      plugins: { data: [{ id: 'nodes-core', contributes: {} }, { id: 'flow-control', contributes: { triggerTypes: ['trigger.schedule'] } }, { id: 'ticker', contributes: { triggerTypes: ['ticker.every'] } }] }
    }
    setApi({ service: (path: string) => ({ find: async () => answers[path] }) } as unknown as TroupeClient)
    const list = useExecutionListStore()
    expect(list.triggers).toEqual(['manual', 'webhook', 'error', 'subflow', 'rerun'])
    await list.loadFlowNames()
    expect(list.triggers).toEqual(['manual', 'webhook', 'error', 'subflow', 'rerun', 'trigger.schedule', 'ticker.every'])
    expect(list.flowNames).toEqual({ f1: 'orders' })
  })
})
