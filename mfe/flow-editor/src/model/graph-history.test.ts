import { describe, expect, it } from 'vitest'
import { GraphHistory } from './graph-history.ts'
import type { Graph } from './graph.ts'

const graph = (...ids: string[]): Graph => ({ nodes: ids.map((id) => ({ id, type: 'util.delay', params: { ms: 1 } })), edges: [] })

describe('GraphHistory', () => {
  it('undoes and redoes in order', () => {
    const history = new GraphHistory()
    history.record(graph())
    history.record(graph('a'))
    let current = graph('a', 'b')

    current = history.undo(current)!
    expect(current).toEqual(graph('a'))
    current = history.undo(current)!
    expect(current).toEqual(graph())
    expect(history.undo(current)).toBeUndefined()

    current = history.redo(current)!
    expect(current).toEqual(graph('a'))
    current = history.redo(current)!
    expect(current).toEqual(graph('a', 'b'))
    expect(history.canRedo).toBe(false)
  })

  it('forgets the redo branch after a new change, and keeps snapshots independent of later edits', () => {
    const history = new GraphHistory()
    const before = graph('a')
    history.record(before)
    before.nodes[0]!.params!.ms = 999
    expect(history.undo(graph('a', 'b'))!.nodes[0]!.params).toEqual({ ms: 1 })
    history.record(graph('x'))
    expect(history.canRedo).toBe(false)
  })

  it('keeps at most `limit` steps', () => {
    const history = new GraphHistory(2)
    history.record(graph('1'))
    history.record(graph('2'))
    history.record(graph('3'))
    expect(history.undo(graph('4'))).toEqual(graph('3'))
    expect(history.undo(graph('3'))).toEqual(graph('2'))
    expect(history.canUndo).toBe(false)
  })
})
