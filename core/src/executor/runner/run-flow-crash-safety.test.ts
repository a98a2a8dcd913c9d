import { inProcessLogic } from '@troupe/sdk/logic'
import { describe, expect, it } from 'vitest'
import type { FlowNode } from '@troupe/sdk'
import type { NodeType } from '@troupe/sdk/plugin'
import { compileFlow } from '../graph/compile-flow.js'
import { MemoryRecorder } from '../persistence/memory-recorder.js'
import type { NodeRecordPatch } from '../persistence/execution-recorder.js'
import { ExecutionServices } from '../node-services.js'
import { runFlow, type ResumedNode, type RunFlowOptions } from './run-flow.js'

/** What happened, in order: node patches, flushes and node runs. */
const journal: string[] = []

/** A memory recorder that notes each node patch and each flush in the journal. */
class JournalRecorder extends MemoryRecorder {
  override node(nodeId: string, patch: NodeRecordPatch): void {
    journal.push(`patch ${nodeId} ${patch.status ?? ''} attempts=${patch.attempts ?? '-'}`.replace('  ', ' '))
    super.node(nodeId, patch)
  }

  override async flush(): Promise<void> {
    journal.push('flush')
  }
}

const main = [{ name: 'main' }]
const params = { type: 'object', properties: {}, additionalProperties: true }
const nodeType = (type: string, extra: Partial<NodeType<never>>, execute: NodeType<never>['execute']): NodeType<never> => ({
  type,
  displayName: type,
  description: type,
  category: 'test',
  params,
  inputs: main,
  outputs: main,
  execute,
  ...extra
})

const types: Record<string, NodeType<never>> = {
  'test.start': nodeType('test.start', { trigger: true, inputs: [] }, async (ctx) => ({ output: ctx.executionInput })),
  // Has an effect outside its output: not idempotent.
  'test.post': nodeType('test.post', {}, async (ctx) => {
    journal.push(`run ${ctx.nodeId}`)
    return { output: 'posted' }
  }),
  'test.pure': nodeType('test.pure', { idempotent: true }, async (ctx) => {
    journal.push(`run ${ctx.nodeId}`)
    return { output: ctx.input }
  }),
  'test.flaky': nodeType('test.flaky', {}, async (ctx) => {
    journal.push(`run ${ctx.nodeId}`)
    if (journal.filter((line) => line === `run ${ctx.nodeId}`).length < 2) throw new Error('flaked')
    return { output: 'finally' }
  }),
  'test.big': nodeType('test.big', { idempotent: true }, async () => ({ output: { text: 'x'.repeat(5000) } }))
}

function run(nodes: FlowNode[], options: Partial<RunFlowOptions> = {}) {
  journal.length = 0
  const edges = nodes.slice(1).map((target, index) => ({ id: `e${index}`, source: nodes[index].id, target: target.id }))
  const recorder = new JournalRecorder()
  const result = runFlow({
    executionId: 'x',
    tenantId: 't',
    graph: compileFlow({ nodes, edges }, (type) => types[type]),
    nodeType: (type) => types[type],
    input: { n: 1 },
    signal: new AbortController().signal,
    recorder,
    services: new ExecutionServices({
      llm: () => ({ chat: async () => ({}) as never }),
      tools: () => ({ describe: async () => ({}) as never, call: async () => ({}) as never }),
      records: () => ({ get: async () => ({}) as never, find: async () => [], create: async () => ({}) as never }),
      logic: () => inProcessLogic(),
      subflows: () => ({ start: async () => ({}) as never }),
      pluginOf: () => undefined
    }),
    ...options
  })
  return { result, recorder }
}

const node = (id: string, type: string, extra: Partial<FlowNode> = {}): FlowNode => ({ id, type, params: {}, ...extra })

describe('runFlow: what a crash may repeat', () => {
  it('stores the attempt of a node that is not idempotent before running it, and not for an idempotent one', async () => {
    const { result } = run([node('s', 'test.start'), node('p', 'test.post'), node('q', 'test.pure')])
    expect(await result).toMatchObject({ status: 'succeeded' })
    const post = journal.indexOf('patch p running attempts=1')
    expect(post).toBeGreaterThan(-1)
    expect(journal.slice(post, journal.indexOf('run p'))).toContain('flush')
    const pure = journal.indexOf('patch q running attempts=1')
    expect(journal.slice(pure, journal.indexOf('run q'))).not.toContain('flush')
  })

  it('counts each retry in the stored attempts before it runs', async () => {
    const { result, recorder } = run([node('s', 'test.start'), node('f', 'test.flaky', { retry: { max: 2 } })])
    expect(await result).toMatchObject({ status: 'succeeded', output: null })
    const second = journal.indexOf('patch f attempts=2')
    expect(second).toBeGreaterThan(journal.indexOf('run f'))
    expect(journal.indexOf('flush', second)).toBeLessThan(journal.lastIndexOf('run f'))
    expect(recorder.nodes.get('f')).toMatchObject({ status: 'succeeded', attempts: 2 })
  })

  it('fails an interrupted node that is not idempotent and has no attempt left, without running it', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: {}, attempts: 1 }],
      ['p', { status: 'running', attempts: 1 }]
    ])
    const { result, recorder } = run([node('s', 'test.start'), node('p', 'test.post')], { resumed })
    expect(await result).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Node p failed: interrupted by a server stop during its last allowed attempt/) })
    expect(journal).not.toContain('run p')
    expect(recorder.events.find((event) => event.type === 'node.failed')).toMatchObject({ nodeId: 'p', data: { error: expect.stringMatching(/interrupted/) } })
  })

  it('runs an interrupted trigger again: it only hands on the execution input', async () => {
    const { result } = run([node('s', 'test.start'), node('q', 'test.pure')], { resumed: new Map([['s', { status: 'running', attempts: 1 }]]) })
    expect(await result).toMatchObject({ status: 'succeeded' })
    expect(journal).toContain('run q')
  })

  it('runs an interrupted idempotent node again, retries or not', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: { n: 1 }, attempts: 1 }],
      ['q', { status: 'running', attempts: 1 }]
    ])
    const { result } = run([node('s', 'test.start'), node('q', 'test.pure')], { resumed })
    expect(await result).toMatchObject({ status: 'succeeded', output: null })
    expect(journal).toContain('run q')
  })

  it('stores every start first in a run that took an execution over', async () => {
    const { result } = run([node('s', 'test.start'), node('q', 'test.pure')], { storeStartsFirst: true })
    expect(await result).toMatchObject({ status: 'succeeded' })
    expect(journal.slice(journal.indexOf('patch q running attempts=1'), journal.indexOf('run q'))).toContain('flush')
  })
})

describe('runFlow: output size', () => {
  it('fails a node whose output is larger than allowed, naming the node and both sizes', async () => {
    const { result, recorder } = run([node('s', 'test.start'), node('big', 'test.big')], { maxOutputBytes: 1024 })
    expect(await result).toEqual({
      status: 'failed',
      output: null,
      error: 'Node big failed: its output is about 4.9 KiB as JSON, more than the 1 KiB a node may produce'
    })
    expect(recorder.nodes.get('big')).toMatchObject({ status: 'failed' })
    expect(recorder.nodes.get('big')).not.toHaveProperty('output')
  })

  it('lets outputs within the limit through', async () => {
    const { result } = run([node('s', 'test.start'), node('big', 'test.big')], { maxOutputBytes: 6000 })
    expect(await result).toMatchObject({ status: 'succeeded' })
  })
})
