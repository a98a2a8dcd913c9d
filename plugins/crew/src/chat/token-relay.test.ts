import { describe, expect, it } from 'vitest'
import { TokenRelay } from './token-relay.js'

const token = (nodeId: string, text: string) => ({ type: 'token', nodeId, data: { token: text } })
const failover = (nodeId: string, data: object) => ({ type: 'llm.failover', nodeId, data: { providerName: 'A', ...data } })

describe('TokenRelay', () => {
  it('numbers the pieces from 0 across nodes and ignores other events', () => {
    const relay = new TokenRelay()
    expect(relay.apply(token('a', 'x'))).toEqual({ token: 'x', index: 0 })
    expect(relay.apply({ type: 'node.completed', nodeId: 'a', data: {} })).toBeUndefined()
    expect(relay.apply(token('b', 'y'))).toEqual({ token: 'y', index: 1 })
  })

  it('turns a failover after streamed tokens into a piece that takes back that node\'s last pieces only', () => {
    const relay = new TokenRelay()
    relay.apply(token('a', 'keep'))
    relay.apply(token('b', 'b1'))
    relay.apply(token('a', 'a2'))
    relay.apply(token('b', 'b2'))
    expect(relay.apply(failover('b', { discardStreamedTokens: true, discardedTokens: 2 }))).toEqual({ token: '', index: 4, discardIndices: [1, 3] })
    expect(relay.apply(token('b', 'again'))).toEqual({ token: 'again', index: 5 })
    // What was taken back is not taken back twice.
    expect(relay.apply(failover('b', { discardStreamedTokens: true, discardedTokens: 2 }))).toEqual({ token: '', index: 6, discardIndices: [5] })
  })

  it('relays nothing for a failover with nothing to discard or a count that is not a positive whole number', () => {
    const relay = new TokenRelay()
    relay.apply(token('a', 'x'))
    expect(relay.apply(failover('a', {}))).toBeUndefined()
    expect(relay.apply(failover('a', { discardStreamedTokens: true, discardedTokens: 0 }))).toBeUndefined()
    expect(relay.apply(failover('a', { discardStreamedTokens: true, discardedTokens: 1.5 }))).toBeUndefined()
    expect(relay.apply(failover('b', { discardStreamedTokens: true, discardedTokens: 1 }))).toBeUndefined()
    expect(relay.apply(token('a', 'y'))).toEqual({ token: 'y', index: 1 })
  })

  it('keeps the answer as a client has it: every piece in order, less what a failover took back', () => {
    const relay = new TokenRelay()
    expect(relay.text()).toBe('')
    relay.apply(token('a', 'Hel'))
    relay.apply(token('b', 'wrong '))
    relay.apply(token('a', 'lo'))
    relay.apply(failover('b', { discardStreamedTokens: true, discardedTokens: 1 }))
    relay.apply(token('b', ' world'))
    expect(relay.text()).toBe('Hello world')
  })
})
