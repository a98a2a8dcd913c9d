import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages'
import { describe, expect, it } from 'vitest'
import { accountOf, AssistantTurnMemory } from './assistant-turn-memory.js'

const turn = (...ids: string[]): ContentBlockParam[] => [
  { type: 'thinking', thinking: 'A lookup is needed.', signature: 'c2ln' },
  ...ids.map((id) => ({ type: 'tool_use' as const, id, name: 'get_weather', input: {} }))
]
const calls = (...ids: string[]) => ids.map((id) => ({ id, name: 'get_weather', arguments: {} }))

describe('AssistantTurnMemory', () => {
  it('gives back a tool-use turn with thinking for exactly its calls, in the account that produced it', () => {
    const memory = new AssistantTurnMemory()
    memory.remember('account-a', turn('toolu_01A', 'toolu_01B'))
    expect(memory.recall('account-a', calls('toolu_01A', 'toolu_01B'))).toEqual(turn('toolu_01A', 'toolu_01B'))
    expect(memory.recall('account-a', calls('toolu_01A'))).toBeUndefined()
    expect(memory.recall('account-b', calls('toolu_01A', 'toolu_01B'))).toBeUndefined()
  })

  it('keeps no turn that can be rebuilt as it is: without tool calls or without thinking', () => {
    const memory = new AssistantTurnMemory()
    memory.remember('account-a', [{ type: 'thinking', thinking: 'Easy.', signature: 'c2ln' }, { type: 'text', text: 'Paris.' }])
    memory.remember('account-a', [{ type: 'tool_use', id: 'toolu_01C', name: 'now', input: {} }])
    expect(memory.recall('account-a', calls('toolu_01C'))).toBeUndefined()
  })

  it('lets the oldest turns go past its capacity', () => {
    const memory = new AssistantTurnMemory(2)
    for (const id of ['toolu_01A', 'toolu_01B', 'toolu_01C']) memory.remember('account-a', turn(id))
    expect(memory.recall('account-a', calls('toolu_01A'))).toBeUndefined()
    expect(memory.recall('account-a', calls('toolu_01B'))).toBeDefined()
    expect(memory.recall('account-a', calls('toolu_01C'))).toBeDefined()
  })
})

describe('accountOf', () => {
  it('tells accounts apart by endpoint and key without holding the key', () => {
    const account = accountOf('https://api.anthropic.com', 'sk-ant-api03-secret')
    expect(account).not.toContain('sk-ant')
    expect(account).not.toBe(accountOf('https://api.anthropic.com', 'sk-ant-api03-other'))
    expect(account).not.toBe(accountOf('https://gateway.example', 'sk-ant-api03-secret'))
  })
})
