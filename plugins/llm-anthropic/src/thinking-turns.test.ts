import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages'
import { describe, expect, it } from 'vitest'
import { accountOf, thinkingTurnData, thinkingTurnOf } from './thinking-turns.js'

const turn = (...ids: string[]): ContentBlockParam[] => [
  { type: 'thinking', thinking: 'A lookup is needed.', signature: 'c2ln' },
  ...ids.map((id) => ({ type: 'tool_use' as const, id, name: 'get_weather', input: {} }))
]
const calls = (...ids: string[]) => ids.map((id) => ({ id, name: 'get_weather', arguments: {} }))
const assistant = (vendorData: unknown, ...ids: string[]) => ({ role: 'assistant' as const, content: '', toolCalls: calls(...ids), vendorData: vendorData as Record<string, unknown> })

describe('thinking turns', () => {
  it('keeps a tool-use turn with thinking and gives it back for exactly its calls, in its account', () => {
    const data = thinkingTurnData('account-a', turn('toolu_01A', 'toolu_01B'))
    expect(thinkingTurnOf(assistant(data, 'toolu_01A', 'toolu_01B'), 'account-a')).toEqual(turn('toolu_01A', 'toolu_01B'))
    expect(thinkingTurnOf(assistant(data, 'toolu_01A'), 'account-a')).toBeUndefined()
    expect(thinkingTurnOf(assistant(data, 'toolu_01B', 'toolu_01A'), 'account-a')).toBeUndefined()
    expect(thinkingTurnOf(assistant(data, 'toolu_01A', 'toolu_01B'), 'account-b')).toBeUndefined()
  })

  it('keeps nothing for a turn that can be rebuilt as it is: without tool calls or without thinking', () => {
    expect(thinkingTurnData('account-a', [{ type: 'thinking', thinking: 'Easy.', signature: 'c2ln' }, { type: 'text', text: 'Paris.' }])).toBeUndefined()
    expect(thinkingTurnData('account-a', [{ type: 'tool_use', id: 'toolu_01C', name: 'now', input: {} }])).toBeUndefined()
  })

  it("reads only its own, well-formed data: another vendor's or a broken one is rebuilt", () => {
    for (const vendorData of [undefined, { gemini: { thoughtSignature: 'x' } }, { anthropic: 'turn' }, { anthropic: { account: 'account-a', content: 'blocks' } }]) {
      expect(thinkingTurnOf(assistant(vendorData, 'toolu_01A'), 'account-a')).toBeUndefined()
    }
  })
})

describe('accountOf', () => {
  it('tells accounts apart by endpoint and key without holding the key', () => {
    const account = accountOf('https://api.anthropic.com', 'sk-ant-api03-secret')
    expect(account).toMatch(/^[0-9a-f]{16}$/)
    expect(account).not.toBe(accountOf('https://api.anthropic.com', 'sk-ant-api03-other'))
    expect(account).not.toBe(accountOf('https://gateway.example', 'sk-ant-api03-secret'))
  })
})
