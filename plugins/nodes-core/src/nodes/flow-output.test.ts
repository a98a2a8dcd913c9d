import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import { flowOutputNode } from './flow-output.js'

describe('flow.output', () => {
  it('outputs its input', async () => {
    const result = await runNode(flowOutputNode, { params: {}, input: { answer: 'done' }, executionInput: { question: 'ignored' } })
    expect(result.output).toEqual({ answer: 'done' })
  })

  it('ends a branch: an input port and no output port', () => {
    expect(flowOutputNode).toMatchObject({ category: 'Flow', inputs: [{ name: 'main' }], outputs: [] })
    expect(flowOutputNode.trigger).toBeUndefined()
  })

  it('takes no params', async () => {
    await expect(runNode(flowOutputNode, { params: { name: 'result' } as never })).rejects.toThrow(/must NOT have additional properties/)
  })
})
