import { describe, expect, it } from 'vitest'
import { newNodeId } from './new-node-id.ts'

describe('newNodeId', () => {
  it('names a node after the last part of its type, numbering repeats', () => {
    expect(newNodeId('util.delay', [])).toBe('delay')
    expect(newNodeId('util.delay', ['delay'])).toBe('delay_2')
    expect(newNodeId('util.delay', ['delay', 'delay_2', 'delay_3'])).toBe('delay_4')
  })

  it('produces ids the API accepts', () => {
    expect(newNodeId('acme.do+stuff', [])).toMatch(/^[A-Za-z0-9_-]+$/)
  })
})
