import type { CompiledFlow } from './graph/compile-flow.js'

/**
 * Compiled flows by tenant schema, flow and version. A saved version never changes, so an entry
 * stays right until its flow is removed (its versions go with it: `forgetFlow`); the oldest
 * entries make room beyond `maxEntries`. Concurrent first runs of a version share one load.
 */
export class CompiledFlowCache {
  private readonly entries = new Map<string, Promise<CompiledFlow | undefined>>()

  constructor(private readonly maxEntries = 1000) {}

  /** The compiled version, from `load` the first time; a failed or empty load is not kept. */
  get(schema: string, flowId: string, version: number, load: () => Promise<CompiledFlow | undefined>): Promise<CompiledFlow | undefined> {
    const key = `${schema}/${flowId}/${version}`
    const cached = this.entries.get(key)
    if (cached) {
      // Map order is insertion order: moving a hit to the end makes the first entry the least recently used.
      this.entries.delete(key)
      this.entries.set(key, cached)
      return cached
    }
    const loading = load()
    this.entries.set(key, loading)
    loading.then(
      (compiled) => {
        if (!compiled && this.entries.get(key) === loading) this.entries.delete(key)
      },
      () => {
        if (this.entries.get(key) === loading) this.entries.delete(key)
      }
    )
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return loading
  }

  forgetFlow(flowId: string): void {
    for (const key of this.entries.keys()) if (key.split('/')[1] === flowId) this.entries.delete(key)
  }
}
