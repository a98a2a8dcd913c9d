import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import type { RecordsClient, SubflowClient, SubflowRequest } from '@troupe/sdk/plugin'
import { flowCallNode } from './flow-call-node.js'
import { subflowCheckMs } from './sub-flow-run.js'

const flowId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'

/** Sub-flows whose one run is `run`: started on first use, found on every later one. */
function oneRun(run: Record<string, unknown>) {
  const requests: SubflowRequest[] = []
  const subflows: SubflowClient = {
    start: async (request) => {
      requests.push(request)
      return { executionId: 'child-1', started: requests.length === 1 }
    }
  }
  const records = { get: async (path: string, id: string) => ({ path, id, ...run }), find: async () => [], create: async () => ({}) } as unknown as RecordsClient
  return { requests, subflows, records }
}

describe('flow.call', () => {
  it('starts the sub-flow with its input object, else the node\'s input, and waits with a periodic check', async () => {
    const { requests, subflows, records } = oneRun({ status: 'queued' })
    const before = Date.now()
    const result = await runNode(flowCallNode, { params: { flowId, input: { n: 1 } }, input: { ignored: true }, subflows, records })
    expect(requests).toEqual([{ flowId, input: { n: 1 } }])
    expect(result.wait).toMatchObject({ reason: 'Waiting for a sub-flow', data: { executionId: 'child-1', flowId } })
    expect(new Date(result.wait!.until!).getTime()).toBeGreaterThanOrEqual(before + subflowCheckMs)
    await runNode(flowCallNode, { params: { flowId }, input: { order: 2 }, subflows, records })
    expect(requests[1]).toEqual({ flowId, input: { order: 2 } })
  })

  it('answers the output of a run that succeeded, when resumed at its end or when its check finds it ended', async () => {
    const { subflows, records } = oneRun({ status: 'succeeded', output: { total: 9 } })
    const resumed = await runNode(flowCallNode, { params: { flowId }, input: {}, subflows, records, resume: { data: { subExecution: { executionId: 'child-1', status: 'succeeded' } } } })
    expect(resumed).toMatchObject({ output: { total: 9 } })
    expect(resumed.wait).toBeUndefined()
    const checked = await runNode(flowCallNode, { params: { flowId }, input: {}, subflows, records, resume: { data: null, timedOut: true } })
    expect(checked.output).toEqual({ total: 9 })
  })

  it('fails with the error of a run that failed or was cancelled, and waits again for one still running', async () => {
    const failed = oneRun({ status: 'failed', error: 'no stock' })
    await expect(runNode(flowCallNode, { params: { flowId }, input: {}, ...failed })).rejects.toThrow("The sub-flow's run child-1 failed: no stock")
    const cancelled = oneRun({ status: 'cancelled', error: 'Cancelled' })
    await expect(runNode(flowCallNode, { params: { flowId }, input: {}, ...cancelled })).rejects.toThrow("The sub-flow's run child-1 cancelled: Cancelled")
    const running = oneRun({ status: 'running' })
    expect((await runNode(flowCallNode, { params: { flowId }, input: {}, ...running, resume: { data: null, timedOut: true } })).wait).toBeDefined()
  })

  it('names the flow it calls for the save-time checks', () => {
    expect(flowCallNode.callsFlows!({ flowId })).toEqual([{ field: 'flowId', flowId }])
  })
})
