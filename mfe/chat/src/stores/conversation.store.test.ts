import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ChatMessageRecord, TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useConversationStore } from './conversation.store.ts'

type Listener = (data: unknown) => void

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString()
const record = (patch: Partial<ChatMessageRecord>): ChatMessageRecord => ({
  id: 'm',
  sessionId: 's1',
  userId: 'u1',
  role: 'assistant',
  content: '',
  status: 'streaming',
  executionId: 'e1',
  error: null,
  createdAt: at(10),
  updatedAt: at(10),
  ...patch
})

function fakeClient() {
  const listeners = new Map<string, Listener[]>()
  const messages = {
    on: (event: string, listener: Listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    off: (event: string, listener: Listener) => listeners.set(event, (listeners.get(event) ?? []).filter((item) => item !== listener)),
    find: vi.fn(async () => ({ data: [record({ id: 'old-q', role: 'user', status: 'complete', content: 'Hi', createdAt: at(1) }), record({ id: 'old-a', status: 'complete', content: 'echo: Hi', createdAt: at(2) })] })),
    create: vi.fn(async (data: { content: string }) => record({ id: 'q', role: 'user', status: 'complete', content: data.content, createdAt: at(5) })),
    patch: vi.fn(async () => record({ id: 'a', status: 'streaming' }))
  }
  const sessions = { get: vi.fn(async () => ({ id: 's1', title: '', agentId: 'ag1', crewId: null, flowId: null, userId: 'u1', createdAt: at(0), updatedAt: at(0) })) }
  const services: Record<string, object> = { 'chat-messages': messages, 'chat-sessions': sessions }
  const emit = (event: string, data: unknown) => (listeners.get(event) ?? []).forEach((listener) => listener(data))
  return { client: { service: (path: string) => services[path] } as unknown as TroupeClient, messages, emit, listeners }
}

const token = (index: number, text: string, messageId = 'a', sessionId = 's1') => ({ sessionId, messageId, userId: 'u1', token: text, index })

describe('conversation store', () => {
  let fake: ReturnType<typeof fakeClient>
  beforeEach(() => {
    setActivePinia(createPinia())
    fake = fakeClient()
    setApi(fake.client)
  })

  it('loads the history, sends, and assembles the streamed answer by index, even out of order', async () => {
    const conversation = useConversationStore()
    await conversation.open('s1')
    expect(fake.messages.find).toHaveBeenCalledWith({ query: { sessionId: 's1', $sort: { createdAt: 1 }, $limit: 100 } })
    expect(await conversation.send('Hello there')).toBe(true)
    expect(fake.messages.create).toHaveBeenCalledWith({ sessionId: 's1', content: 'Hello there' })

    // Tokens may come before the answer's `created` event, and out of order.
    fake.emit('token', token(0, 'echo:'))
    fake.emit('token', token(2, 'Hello'))
    fake.emit('created', record({ id: 'a' }))
    expect(conversation.shown.map((message) => [message.id, message.text])).toEqual([
      ['old-q', 'Hi'],
      ['old-a', 'echo: Hi'],
      ['q', 'Hello there'],
      ['a', 'echo:']
    ])
    expect(conversation.streaming?.id).toBe('a')
    fake.emit('token', token(1, ' '))
    fake.emit('token', token(3, ' there'))
    expect(conversation.shown.at(-1)!.text).toBe('echo: Hello there')
  })

  it('drops what a failed LLM attempt had streamed when a token event withdraws it, showing only the backup provider\'s text', async () => {
    const conversation = useConversationStore()
    await conversation.open('s1')
    fake.emit('created', record({ id: 'a' }))
    fake.emit('token', token(0, 'Leaves'))
    fake.emit('token', token(1, ' st'))
    expect(conversation.shown.at(-1)!.text).toBe('Leaves st')

    // The provider failed mid-answer; the next one streams the whole answer again.
    fake.emit('token', { ...token(2, ''), discardIndices: [0, 1] })
    expect(conversation.shown.at(-1)!.text).toBe('')
    fake.emit('token', token(4, 'steep.'))
    fake.emit('token', token(3, 'Leaves '))
    expect(conversation.shown.at(-1)).toMatchObject({ status: 'streaming', text: 'Leaves steep.' })
  })

  it('withdraws a piece that arrives after the failover that discards it', async () => {
    const conversation = useConversationStore()
    await conversation.open('s1')
    fake.emit('created', record({ id: 'a' }))
    fake.emit('token', token(0, 'Tea is '))
    fake.emit('token', { ...token(3, ''), discardIndices: [1, 2] })
    fake.emit('token', token(4, 'the best.'))
    fake.emit('token', token(2, 'the sec'))
    fake.emit('token', token(1, 'Tea '))
    expect(conversation.shown.at(-1)!.text).toBe('Tea is the best.')
  })

  it('lets the final patch win over the streamed tokens, and ignores tokens arriving after it', async () => {
    const conversation = useConversationStore()
    await conversation.open('s1')
    fake.emit('created', record({ id: 'a' }))
    fake.emit('token', token(0, 'echo: Hel'))
    fake.emit('patched', record({ id: 'a', status: 'complete', content: 'echo: Hello there', updatedAt: at(20) }))
    fake.emit('token', token(1, 'lo garbled'))
    // A stale copy (the stop call's answer) does not undo the final state.
    fake.emit('patched', record({ id: 'a', status: 'streaming', updatedAt: at(15) }))
    expect(conversation.shown.at(-1)).toMatchObject({ status: 'complete', text: 'echo: Hello there' })
    expect(conversation.streaming).toBeUndefined()
  })

  it('ignores other conversations and stops listening when closed', async () => {
    const conversation = useConversationStore()
    await conversation.open('s1')
    fake.emit('created', record({ id: 'x', sessionId: 's2' }))
    fake.emit('token', token(0, 'nope', 'x', 's2'))
    expect(conversation.shown.map((message) => message.id)).toEqual(['old-q', 'old-a'])
    conversation.close()
    expect(fake.listeners.get('token')).toEqual([])
  })

  it('stops a streaming answer and keeps what had streamed', async () => {
    const conversation = useConversationStore()
    await conversation.open('s1')
    fake.emit('created', record({ id: 'a' }))
    fake.emit('token', token(0, 'echo:'))
    await conversation.stop()
    expect(fake.messages.patch).toHaveBeenCalledWith('a', { status: 'cancelled' })
    fake.emit('patched', record({ id: 'a', status: 'cancelled', updatedAt: at(30) }))
    expect(conversation.shown.at(-1)).toMatchObject({ status: 'cancelled', text: 'echo:' })
  })

  it('shows why a message was refused and keeps nothing of it', async () => {
    fake.messages.create.mockRejectedValueOnce({ code: 403, message: 'You may not create chat-messages' })
    const conversation = useConversationStore()
    await conversation.open('s1')
    expect(await conversation.send('hi')).toBe(false)
    expect(conversation.error).toMatchObject({ code: 403 })
    expect(conversation.messages).toHaveLength(2)
  })
})
