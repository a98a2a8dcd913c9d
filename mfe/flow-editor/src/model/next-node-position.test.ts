import { describe, expect, it } from 'vitest'
import { nextNodePosition } from './next-node-position.ts'

describe('nextNodePosition', () => {
  it('centres the first node on what is visible', () => {
    expect(nextNodePosition([], { x: 400, y: 300 })).toEqual({ x: 315, y: 275 })
  })

  it('puts each further node right of the last one', () => {
    const nodes = [
      { id: 'a', type: 't.a', position: { x: 10, y: 50 } },
      { id: 'b', type: 't.b', position: { x: 250, y: 90 } }
    ]
    expect(nextNodePosition(nodes, { x: 0, y: 0 })).toEqual({ x: 490, y: 90 })
  })
})
