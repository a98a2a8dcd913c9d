import { describe, expect, it } from 'vitest'
import type { ChatMessageRecord } from '@troupe/sdk'
import { byConversationOrder, shownText } from './chat-messages.ts'

const message = (patch: Partial<ChatMessageRecord>): ChatMessageRecord => ({
  id: 'm',
  sessionId: 's',
  userId: 'u',
  role: 'assistant',
  content: '',
  status: 'streaming',
  executionId: 'e',
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch
})

describe('shownText', () => {
  it('shows the streamed text while the answer streams, the stored content once it ends', () => {
    expect(shownText(message({}), ['echo', ': hi'])).toBe('echo: hi')
    expect(shownText(message({ status: 'complete', content: 'echo: hi!' }), ['echo', ': h'])).toBe('echo: hi!')
  })

  it('keeps what had streamed of an answer stopped before any content was stored', () => {
    expect(shownText(message({ status: 'cancelled' }), ['echo', ':'])).toBe('echo:')
    expect(shownText(message({ status: 'failed' }), undefined)).toBe('')
  })

  it('orders oldest first, a question before its answer of the same millisecond', () => {
    const answer = message({ id: 'a' })
    const question = message({ id: 'q', role: 'user', status: 'complete' })
    const later = message({ id: 'l', createdAt: '2026-01-01T00:00:01.000Z' })
    expect([later, answer, question].sort(byConversationOrder).map((item) => item.id)).toEqual(['q', 'a', 'l'])
  })
})
