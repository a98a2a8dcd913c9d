import { describe, expect, it } from 'vitest'
import { conversationPrompt } from './conversation-prompt.js'

const turn = (role: 'user' | 'assistant', content: string) => ({ role, content })

describe('conversationPrompt', () => {
  it('is the message alone when there is no history', () => {
    expect(conversationPrompt([], 'hi', 1000)).toEqual({ prompt: 'hi', kept: 0 })
  })

  it('puts earlier turns first, labelled, oldest first', () => {
    const { prompt } = conversationPrompt([turn('user', 'What is 2+2?'), turn('assistant', '4')], 'And 3+3?', 1000)
    expect(prompt).toBe("Conversation so far:\nUser: What is 2+2?\nAssistant: 4\n\nThe user's new message:\nAnd 3+3?")
  })

  it('drops the oldest turns that do not fit the budget and keeps the newest', () => {
    const history = [turn('user', 'a'.repeat(400)), turn('assistant', 'b'.repeat(400)), turn('user', 'c'.repeat(40))]
    const { prompt, kept } = conversationPrompt(history, 'new', 120)
    expect(kept).toBe(2)
    expect(prompt).not.toContain('aaaa')
    expect(prompt).toContain('bbbb')
    expect(prompt).toContain('cccc')
  })
})
