import { describe, expect, it } from 'vitest'
import type { NodeType } from '../node-type.js'
import { runNode } from './run-node.js'

const approval: NodeType<{ question: string }> = {
  type: 'test.approval',
  displayName: 'Approval',
  description: 'Waits for a yes or no',
  category: 'Test',
  params: { type: 'object', required: ['question'], properties: { question: { type: 'string' } }, additionalProperties: false },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'yes' }, { name: 'no' }],
  execute: async ({ params, resume, input }) => {
    if (!resume) return { output: null, wait: { reason: params.question } }
    return { output: input, port: (resume.data as { approved: boolean }).approved ? 'yes' : 'no' }
  }
}

describe('runNode and the waiting contract', () => {
  it('shows a node asking to wait, and its run after a resume', async () => {
    expect(await runNode(approval, { params: { question: 'Ship it?' }, input: 1 })).toMatchObject({ wait: { reason: 'Ship it?' } })
    expect(await runNode(approval, { params: { question: 'Ship it?' }, input: 1, resume: { data: { approved: false } } })).toMatchObject({ output: 1, port: 'no' })
  })
})
