import { LRUCache } from 'lru-cache'
import type { CompiledFlow } from './graph/compile-flow.js'

/**
 * Compiled flows by tenant schema, flow and version. A saved version never changes, so an entry
 * stays right until its flow is removed (its versions go with it: `forgetFlow`); the oldest
 * entries make room beyond `maxEntries`. Concurrent first runs of a version share one load.
 */
export class CompiledFlowCache {
  private readonly entries: LRUCache<string, Promise<CompiledFlow | undefined>>

  constructor(maxEntries = 1000) {
    this.entries = new LRUCache({ max: maxEntries })
  }

  /** The compiled version, from `load` the first time; a failed or empty load is not kept. */
  get(schema: string, flowId: string, version: number, load: () => Promise<CompiledFlow | undefined>): Promise<CompiledFlow | undefined> {
    const key = `${schema}/${flowId}/${version}`
    const cached = this.entries.get(key)
    if (cached) return cached
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
    return loading
  }

  forgetFlow(flowId: string): void {
    for (const key of [...this.entries.keys()]) if (key.split('/')[1] === flowId) this.entries.delete(key)
  }
}
