import { cloneGraph, type Graph } from './graph.ts'

/** Undo and redo over graph snapshots: `record` the state before each change. */
export class GraphHistory {
  private past: Graph[] = []
  private future: Graph[] = []

  constructor(private readonly limit = 100) {}

  get canUndo(): boolean {
    return this.past.length > 0
  }

  get canRedo(): boolean {
    return this.future.length > 0
  }

  record(before: Graph): void {
    this.past.push(cloneGraph(before))
    if (this.past.length > this.limit) this.past.shift()
    this.future = []
  }

  /** The state to go back to, given the current one (kept for redo). */
  undo(current: Graph): Graph | undefined {
    const previous = this.past.pop()
    if (!previous) return undefined
    this.future.push(cloneGraph(current))
    return previous
  }

  redo(current: Graph): Graph | undefined {
    const next = this.future.pop()
    if (!next) return undefined
    this.past.push(cloneGraph(current))
    return next
  }

  clear(): void {
    this.past = []
    this.future = []
  }
}
