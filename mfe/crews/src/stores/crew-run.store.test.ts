import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ExecutionEvent, TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useCrewRunStore } from './crew-run.store.ts'

type Listener = (record: unknown) => void

const crew = { id: 'c1', name: 'Newsroom', tasks: [{ id: 'research', description: 'Research', expectedOutput: 'notes' }, { id: 'write', description: 'Write', expectedOutput: 'article' }] }
const event = (seq: number, type: string, data: Record<string, unknown>, executionId = 'e1') => ({ executionId, seq, type, nodeId: 'crew', data, createdAt: '' }) as ExecutionEvent

/** A fake client whose services keep their listeners, so a test can emit live events. */
function fakeClient() {
  const listeners = new Map<string, Listener[]>()
  const emitter = (path: string) => ({
    on: (name: string, listener: Listener) => listeners.set(`${path}:${name}`, [...(listeners.get(`${path}:${name}`) ?? []), listener]),
    off: (name: string, listener: Listener) => listeners.set(`${path}:${name}`, (listeners.get(`${path}:${name}`) ?? []).filter((item) => item !== listener))
  })
  const services = {
    crews: { get: vi.fn(async () => crew) },
    executions: {
      ...emitter('executions'),
      create: vi.fn(async () => ({ id: 'e1', crewId: 'c1', status: 'queued', updatedAt: '1' })),
      get: vi.fn(async () => ({ id: 'e1', crewId: 'c1', status: 'running', updatedAt: '2' })),
      patch: vi.fn(async () => ({ id: 'e1', crewId: 'c1', status: 'cancelled', updatedAt: '4' }))
    },
    'execution-events': { ...emitter('execution-events'), find: vi.fn(async () => ({ data: [event(1, 'task.started', { taskId: 'research', agent: 'Scout' })] })) },
    'execution-subscriptions': { create: vi.fn(async () => ({})), remove: vi.fn(async () => ({})) }
  }
  const emit = (path: string, name: string, record: unknown) => (listeners.get(`${path}:${name}`) ?? []).forEach((listener) => listener(record))
  return { client: { service: (path: string) => services[path as keyof typeof services] } as unknown as TroupeClient, services, emit, listeners }
}

describe('crew run store', () => {
  let fake: ReturnType<typeof fakeClient>
  beforeEach(() => {
    setActivePinia(createPinia())
    fake = fakeClient()
    setApi(fake.client)
  })

  it('runs the crew with its inputs, follows the execution live and shows each task and the final answer', async () => {
    const run = useCrewRunStore()
    const execution = await run.start('c1', { topic: 'robots' })
    expect(execution?.id).toBe('e1')
    expect(fake.services.executions.create).toHaveBeenCalledWith({ crewId: 'c1', input: { topic: 'robots' } })
    expect(fake.services['execution-subscriptions'].create).toHaveBeenCalledWith({ executionId: 'e1' })
    expect(run.taskRuns.map((task) => [task.taskId, task.status, task.agent])).toEqual([
      ['research', 'running', 'Scout'],
      ['write', 'pending', undefined]
    ])

    fake.emit('execution-events', 'created', event(2, 'token', { token: 'Notes', agent: 'Scout' }))
    fake.emit('execution-events', 'created', event(3, 'task.completed', { taskId: 'research', agent: 'Scout', output: 'Notes' }))
    fake.emit('execution-events', 'created', event(9, 'task.started', { taskId: 'write' }, 'another-execution'))
    expect(run.taskRuns.map((task) => task.status)).toEqual(['succeeded', 'pending'])
    expect(run.live).toBe(true)

    fake.emit('executions', 'patched', { id: 'e1', status: 'succeeded', updatedAt: '3', output: { text: 'Article', tasks: [{ taskId: 'research', output: 'Notes' }] } })
    expect(run.live).toBe(false)
    expect(run.output?.text).toBe('Article')
  })

  it('shows why a run was refused, naming the input', async () => {
    fake.services.executions.create.mockRejectedValueOnce({ code: 400, message: 'input.topic is required', data: [{ field: 'input.topic', message: 'is required' }] })
    const run = useCrewRunStore()
    expect(await run.start('c1', {})).toBeUndefined()
    expect(run.error).toMatchObject({ code: 400 })
    expect(run.execution).toBeUndefined()
  })

  it('reopens a run after a reload, cancels it, and stops listening when closed', async () => {
    const run = useCrewRunStore()
    await run.open('c1', 'e1')
    expect(run.crew?.name).toBe('Newsroom')
    await run.cancel()
    expect(fake.services.executions.patch).toHaveBeenCalledWith('e1', { status: 'cancelled' })
    expect(run.execution?.status).toBe('cancelled')
    run.close()
    expect(fake.listeners.get('execution-events:created')).toEqual([])
    expect(fake.services['execution-subscriptions'].remove).toHaveBeenCalledWith('e1')
  })
})
