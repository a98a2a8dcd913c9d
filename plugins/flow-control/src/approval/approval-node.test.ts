import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import type { RecordsClient } from '@troupe/sdk/plugin'
import { approvalNode, maxInputBytes } from './approval-node.js'

/** Records that keep what the node sends to `approvals`, answering like the service. */
function approvalRecords() {
  const sent: Array<Record<string, unknown>> = []
  const records = {
    get: async () => ({}),
    find: async () => [],
    create: async (_path: string, data: Record<string, unknown>) => {
      sent.push(data)
      return { id: 'a1', expiresAt: data.expiresAt ?? null, ...data }
    }
  } as unknown as RecordsClient
  return { sent, records }
}

describe('human.approval', () => {
  it('opens an approval and waits, until its timeout when it has one', async () => {
    const { sent, records } = approvalRecords()
    const before = Date.now()
    const result = await runNode(approvalNode, { params: { title: 'Ship it?', timeoutMinutes: 2, approverRole: 'admin' }, input: { order: 1 }, records })
    expect(sent[0]).toMatchObject({ nodeId: expect.any(String), title: 'Ship it?', approverRole: 'admin', input: { order: 1 }, form: null, notifyUrl: null })
    expect(result.wait).toMatchObject({ reason: 'Ship it?', data: { approvalId: 'a1' } })
    const until = new Date(result.wait!.until!).getTime()
    expect(until).toBeGreaterThanOrEqual(before + 120_000)
    expect(until).toBeLessThan(before + 125_000)
  })

  it('waits for ever without a timeout, and keeps a huge input out of the approval', async () => {
    const { sent, records } = approvalRecords()
    const result = await runNode(approvalNode, { params: {}, input: { blob: 'x'.repeat(maxInputBytes) }, records })
    expect(result.wait?.until).toBeUndefined()
    expect(sent[0]).toMatchObject({ title: 'Approval', input: { truncated: true } })
  })

  it('goes on along the branch of the decision, with what the approver sent', async () => {
    const resume = { data: { decision: 'approve', data: { reason: 'ok' }, decidedBy: 'u1' } }
    expect(await runNode(approvalNode, { params: {}, input: 7, resume })).toMatchObject({ port: 'approved', output: { decision: 'approve', data: { reason: 'ok' }, decidedBy: 'u1', input: 7 } })
    const rejected = await runNode(approvalNode, { params: {}, input: 7, resume: { data: { ...resume.data, decision: 'reject' } } })
    expect(rejected.port).toBe('rejected')
  })

  it('takes timedOut after its timeout and says so to the approval', async () => {
    const { sent, records } = approvalRecords()
    const result = await runNode(approvalNode, { params: { timeoutMinutes: 1 }, input: 7, records, resume: { data: null, timedOut: true } })
    expect(result).toMatchObject({ port: 'timedOut', output: { decision: 'timedOut', input: 7 } })
    expect(sent[0]).toMatchObject({ status: 'timedOut' })
  })

  it('fails at once on a form that is not a usable JSON Schema', async () => {
    const { records } = approvalRecords()
    await expect(runNode(approvalNode, { params: { form: { type: 'object', properties: { a: { type: 'nonsense' } } } }, records })).rejects.toThrow(/The approval form is not a usable JSON Schema: form/)
  })
})
