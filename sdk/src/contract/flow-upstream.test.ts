import { describe, expect, it } from 'vitest'
import { upstreamOf } from './flow-upstream.js'

const edge = (source: string, target: string) => ({ source, target })

describe('upstreamOf', () => {
  it('lists every node a node depends on, nearest first, each once', () => {
    const edges = [edge('a', 'b'), edge('b', 'd'), edge('a', 'c'), edge('c', 'd'), edge('d', 'e')]
    expect(upstreamOf('e', edges)).toEqual(['d', 'b', 'c', 'a'])
    expect(upstreamOf('a', edges)).toEqual([])
    expect(upstreamOf('x', edges)).toEqual([])
  })

  it('never names the node itself, even in a cycle, and walks a long chain in linear time', () => {
    expect(upstreamOf('a', [edge('a', 'b'), edge('b', 'a')])).toEqual(['b'])
    const chain = Array.from({ length: 50_000 }, (_, i) => edge(`n${i}`, `n${i + 1}`))
    expect(upstreamOf('n50000', chain)).toHaveLength(50_000)
  })
})
