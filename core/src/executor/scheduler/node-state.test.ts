import { describe, expect, it } from 'vitest'
import { stateOf } from './node-state.js'

describe('stateOf', () => {
  it('reads a node state, pending when there is none', () => {
    const states = new Map([['a', { status: 'succeeded' as const, port: 'true' }]])
    expect(stateOf(states, 'a')).toEqual({ status: 'succeeded', port: 'true' })
    expect(stateOf(states, 'b')).toEqual({ status: 'pending' })
  })
})
