import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ExecutionEvent, TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useFlowRunStore } from './flow-run.store.ts'

type Listener = (record: unknown) => void

/** A fake client whose services keep their listeners, so a test can emit live events. */
function fakeClient() {
  const listeners = new Map<string, Listener[]>()
  const emitter = (path: string) => ({
    on: (event: string, listener: Listener) => listeners.set(`${path}:${event}`, [...(listeners.get(`${path}:${event}`) ?? []), listener]),
    off: (event: string, listener: Listener) => listeners.set(`${path}:${event}`, (listeners.get(`${path}:${event}`) ?? []).filter((item) => item !== listener))
  })
  const services: Record<string, object> = {
    executions: {
      ...emitter('executions'),
      create: vi.fn(async () => ({ id: 'e1', status: 'queued', updatedAt: '1' })),
      get: vi.fn(async () => ({ id: 'e1', status: 'running', updatedAt: '2' })),
      patch: vi.fn(async (id: string) => ({ id, status: 'cancelled', updatedAt: '4' }))
    },
    'execution-events': {
      ...emitter('execution-events'),
      find: vi.fn(async () => ({ data: [event(1, 'node.started', 'a'), event(2, 'node.completed', 'a')] }))
    },
    'execution-subscriptions': { create: vi.fn(async () => ({})), remove: vi.fn(async () => ({})) }
  }
  const emit = (path: string, name: string, record: unknown) => (listeners.get(`${path}:${name}`) ?? []).forEach((listener) => listener(record))
  return { client: { service: (path: string) => services[path] } as unknown as TroupeClient, services, emit, listeners }
}

const event = (seq: number, type: string, nodeId: string | null, executionId = 'e1') => ({ executionId, seq, type, nodeId, data: {}, createdAt: '' }) as ExecutionEvent

describe('flow run store', () => {
  let fake: ReturnType<typeof fakeClient>
  beforeEach(() => {
    setActivePinia(createPinia())
    fake = fakeClient()
    setApi(fake.client)
  })

  it('starts the flow, subscribes, merges the stored log with live events, and colours each node', async () => {
    const run = useFlowRunStore()
    await run.start('f1', { name: 'Bob' })
    expect((fake.services.executions as { create: ReturnType<typeof vi.fn> }).create).toHaveBeenCalledWith({ flowId: 'f1', input: { name: 'Bob' } })
    expect((fake.services['execution-subscriptions'] as { create: ReturnType<typeof vi.fn> }).create).toHaveBeenCalledWith({ executionId: 'e1' })
    expect(run.statusesFor(['a', 'b'])).toEqual({ a: 'succeeded', b: 'pending' })

    fake.emit('execution-events', 'created', event(2, 'node.completed', 'a'))
    fake.emit('execution-events', 'created', event(3, 'node.started', 'b'))
    fake.emit('execution-events', 'created', event(9, 'node.failed', 'b', 'another-execution'))
    expect(run.events.map((item) => item.seq)).toEqual([1, 2, 3])
    expect(run.statusesFor(['a', 'b'])).toEqual({ a: 'succeeded', b: 'running' })

    fake.emit('executions', 'patched', { id: 'e1', status: 'succeeded', updatedAt: '3' })
    expect(run.execution?.status).toBe('succeeded')
    expect(run.running).toBe(false)
  })

  it("tells what a node did in the run, its input being its upstream's output, and nothing before a run", async () => {
    const run = useFlowRunStore()
    const graph = {
      nodes: [
        { id: 'a', type: 'trigger.manual', position: { x: 0, y: 0 } },
        { id: 'b', type: 'data.transform', position: { x: 0, y: 0 } }
      ],
      edges: [{ id: 'e', source: 'a', target: 'b' }]
    }
    expect(run.nodeRunOf('b', graph)).toBeUndefined()
    await run.start('f1', { name: 'Bob' })
    fake.emit('execution-events', 'created', { ...event(3, 'node.started', 'b'), createdAt: '2026-12-07T10:00:00.000Z' })
    fake.emit('execution-events', 'created', { ...event(4, 'node.completed', 'b'), data: { output: { greeting: 'hi Bob' } }, createdAt: '2026-12-07T10:00:00.250Z' })
    const a = run.nodeRunOf('a', graph)!
    const b = run.nodeRunOf('b', graph)!
    expect(b).toMatchObject({ status: 'succeeded', input: a.output, output: { greeting: 'hi Bob' }, startedAt: '2026-12-07T10:00:00.000Z', finishedAt: '2026-12-07T10:00:00.250Z' })
    expect(run.nodeRunOf('missing', graph)).toBeUndefined()
  })

  it('cancels the run it follows, once, and not a finished one', async () => {
    const run = useFlowRunStore()
    await run.start('f1', {})
    const patch = (fake.services.executions as { patch: ReturnType<typeof vi.fn> }).patch
    await Promise.all([run.cancel(), run.cancel()])
    expect(patch).toHaveBeenCalledTimes(1)
    expect(patch).toHaveBeenCalledWith('e1', { status: 'cancelled' })
    expect(run.execution?.status).toBe('cancelled')
    expect(run.running).toBe(false)
    await run.cancel()
    expect(patch).toHaveBeenCalledTimes(1)
  })

  it('stops listening and unsubscribes when the editor closes', async () => {
    const run = useFlowRunStore()
    await run.start('f1', {})
    run.stop()
    expect(fake.listeners.get('execution-events:created')).toEqual([])
    expect((fake.services['execution-subscriptions'] as { remove: ReturnType<typeof vi.fn> }).remove).toHaveBeenCalledWith('e1')
  })

  it('shows why a run could not start', async () => {
    ;(fake.services.executions as { create: ReturnType<typeof vi.fn> }).create.mockRejectedValueOnce({ code: 400, message: 'input.city is required' })
    const run = useFlowRunStore()
    await run.start('f1', {})
    expect(run.error).toMatchObject({ message: 'input.city is required' })
    expect(run.execution).toBeUndefined()
  })
})
