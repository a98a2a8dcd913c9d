import { describe, expect, it } from 'vitest'
import type { ExecutionEvent } from '@troupe/sdk'
import { buildTaskRuns, crewOutput } from './task-runs.ts'

let seq = 0
const event = (type: string, data: Record<string, unknown>): ExecutionEvent => ({ executionId: 'e1', seq: ++seq, type, nodeId: 'crew', data, createdAt: '' })
const tasks = [
  { id: 'research', description: 'Research AI' },
  { id: 'write', description: 'Write it up' }
]

describe('buildTaskRuns', () => {
  seq = 0
  const events = [
    event('node.started', { type: 'crew.run' }),
    event('task.started', { taskId: 'research', agent: 'Scout' }),
    event('agent.thought', { agent: 'Scout', text: 'Let me search' }),
    event('tool.call', { agent: 'Scout', tool: 'search', arguments: { q: 'AI' }, callId: 'c1' }),
    event('tool.result', { agent: 'Scout', tool: 'search', callId: 'c1', result: ['a'] }),
    event('token', { token: 'Notes', agent: 'Scout' }),
    event('token', { token: ' on AI', agent: 'Scout' }),
    event('task.completed', { taskId: 'research', agent: 'Scout', output: 'Notes on AI' }),
    event('task.started', { taskId: 'write', agent: 'Writer' }),
    event('token', { token: 'Draft', agent: 'Writer' })
  ]

  it('follows each task: its agent, steps, streamed tokens and output', () => {
    const [research, write] = buildTaskRuns(tasks, events, 'running')
    expect(research).toMatchObject({ taskId: 'research', status: 'succeeded', agent: 'Scout', output: 'Notes on AI', tokens: 'Notes on AI' })
    expect(research!.steps).toEqual([
      { kind: 'thought', seq: 3, agent: 'Scout', text: 'Let me search' },
      { kind: 'tool', seq: 4, agent: 'Scout', tool: 'search', callId: 'c1', arguments: { q: 'AI' }, result: ['a'], error: undefined, done: true }
    ])
    expect(write).toMatchObject({ status: 'running', agent: 'Writer', tokens: 'Draft' })
    expect(write!.output).toBeUndefined()
  })

  it('lists tasks not started as pending, and ends a running task with the execution', () => {
    expect(buildTaskRuns(tasks, events.slice(0, 3)).map((run) => run.status)).toEqual(['running', 'pending'])
    expect(buildTaskRuns(tasks, events, 'failed').map((run) => run.status)).toEqual(['succeeded', 'failed'])
    expect(buildTaskRuns(tasks, events, 'cancelled').map((run) => run.status)).toEqual(['succeeded', 'cancelled'])
  })

  it('reads events in seq order whatever order they arrived in, and keeps tasks the crew no longer has', () => {
    const shuffled = [...events].reverse()
    expect(buildTaskRuns(tasks, shuffled, 'running').map((run) => run.status)).toEqual(['succeeded', 'running'])
    expect(buildTaskRuns([], events).map((run) => run.taskId)).toEqual(['research', 'write'])
  })
})

describe('buildTaskRuns after a failover mid-answer', () => {
  it('shows only the answer of the provider that took over, and keeps the earlier task’s text', () => {
    seq = 0
    const events = [
      event('task.started', { taskId: 'research', agent: 'Scout' }),
      event('token', { token: 'Notes', agent: 'Scout' }),
      event('task.completed', { taskId: 'research', agent: 'Scout', output: 'Notes' }),
      event('task.started', { taskId: 'write', agent: 'Writer' }),
      event('token', { token: 'Leaves', agent: 'Writer' }),
      event('token', { token: ' st', agent: 'Writer' }),
      event('llm.failover', { providerName: 'A', discardStreamedTokens: true, discardedTokens: 2 }),
      event('token', { token: 'Leaves ', agent: 'Writer' }),
      event('token', { token: 'steep.', agent: 'Writer' })
    ]
    expect(buildTaskRuns(tasks, events, 'running').map((run) => run.tokens)).toEqual(['Notes', 'Leaves steep.'])
  })
})

describe('crewOutput', () => {
  it('reads a crew run output and nothing else', () => {
    expect(crewOutput({ text: 'done', tasks: [{ taskId: 'a', output: 'x' }] })).toEqual({ text: 'done', tasks: [{ taskId: 'a', output: 'x' }], usage: undefined })
    expect(crewOutput('done')).toBeUndefined()
    expect(crewOutput({ tasks: [] })).toBeUndefined()
  })
})
