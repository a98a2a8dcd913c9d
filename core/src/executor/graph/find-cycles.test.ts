import { describe, expect, it } from 'vitest'
import { findCycles } from './find-cycles.js'

const edges = (...pairs: string[]) =>
  pairs.map((pair) => {
    const [source, target] = pair.split('>')
    return { source, target }
  })

describe('findCycles', () => {
  it('finds nothing in a diamond', () => {
    expect(findCycles(['a', 'b', 'c', 'd'], edges('a>b', 'a>c', 'b>d', 'c>d'))).toEqual([])
  })

  it('names the nodes of a cycle in order, and the edge that closes it', () => {
    expect(findCycles(['x', 'a', 'b', 'c'], edges('x>a', 'a>b', 'b>c', 'c>a'))).toEqual([
      { nodes: ['a', 'b', 'c', 'a'], edge: 3 }
    ])
  })

  it('finds a self-loop', () => {
    expect(findCycles(['a'], edges('a>a'))).toEqual([{ nodes: ['a', 'a'], edge: 0 }])
  })

  it('reports separate cycles separately, but not every loop through the same nodes', () => {
    const found = findCycles(['a', 'b', 'c', 'd'], edges('a>b', 'b>a', 'c>d', 'd>c', 'a>b'))
    expect(found.map((cycle) => cycle.nodes)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'c']
    ])
  })

  it('ignores edges to nodes it was not given', () => {
    expect(findCycles(['a'], edges('a>ghost', 'ghost>a'))).toEqual([])
  })

  it('walks long chains without overflowing the stack', () => {
    const ids = Array.from({ length: 50_000 }, (_, index) => `n${index}`)
    const chain = ids.slice(1).map((id, index) => ({ source: ids[index], target: id }))
    expect(findCycles(ids, [...chain, { source: ids.at(-1)!, target: 'n0' }])[0].nodes).toHaveLength(50_001)
  })
})
