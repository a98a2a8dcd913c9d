import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Approval } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useApprovalInboxStore } from './approval-inbox.store.ts'

const approval = (id: string, status: Approval['status'] = 'pending') => ({ id, executionId: `e-${id}`, nodeId: 'ask', status, title: id }) as unknown as Approval

describe('the approval inbox', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('keeps only pending approvals as they come and go', async () => {
    setApi({ service: () => ({ find: async () => ({ total: 1, limit: 50, skip: 0, data: [approval('a')] }) }) } as never)
    const inbox = useApprovalInboxStore()
    await inbox.load()
    inbox.onChanged(approval('b'))
    expect(inbox.pending.map((item) => item.id)).toEqual(['b', 'a'])
    inbox.onChanged(approval('a', 'approved'))
    inbox.onChanged(approval('c', 'cancelled'))
    expect(inbox.pending.map((item) => item.id)).toEqual(['b'])
    expect(inbox.total).toBe(1)
  })

  it('sends a decision to the execution of the approval, and keeps a refusal to show it', async () => {
    const calls: unknown[] = []
    setApi({
      service: (path: string) => ({
        find: async () => ({ total: 1, limit: 50, skip: 0, data: [approval('a')] }),
        create: async (data: unknown, params: unknown) => {
          calls.push({ path, data, params })
          if ((data as { decision: string }).decision === 'reject') throw new Error('This approval was approved already')
          return approval('a', 'approved')
        }
      })
    } as never)
    const inbox = useApprovalInboxStore()
    await inbox.load()
    expect(await inbox.decide(approval('a'), 'approve', { reason: 'fine' })).toMatchObject({ status: 'approved' })
    expect(calls[0]).toEqual({ path: 'executions/:executionId/approvals', data: { nodeId: 'ask', decision: 'approve', data: { reason: 'fine' } }, params: { route: { executionId: 'e-a' } } })
    expect(inbox.pending).toEqual([])
    await inbox.decide(approval('b'), 'reject')
    expect((inbox.failures.b as Error).message).toBe('This approval was approved already')
  })
})
