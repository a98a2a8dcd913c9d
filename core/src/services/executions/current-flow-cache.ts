import { LRUCache } from 'lru-cache'
import type { Flow } from '@troupe/sdk'
import type { Principal } from '../../declarations.js'

/**
 * The last seen current version of each flow, so starting an execution need not read the flow
 * first. Only a hint: the insert that pins the version checks it is still current in the same
 * statement (`insertQueuedExecution`), and on a miss the caller asks again with `fresh`.
 */
export class CurrentFlowCache {
  private readonly entries: LRUCache<string, Flow>

  constructor(
    private readonly load: (flowId: string, principal: Principal) => Promise<Flow | undefined>,
    maxEntries = 1000
  ) {
    this.entries = new LRUCache({ max: maxEntries })
  }

  async get(principal: Principal, flowId: string, fresh = false): Promise<Flow | undefined> {
    const key = `${principal.tenantSchema}/${flowId}`
    const cached = fresh ? undefined : this.entries.get(key)
    if (cached) return cached
    const flow = await this.load(flowId, principal)
    if (flow) this.entries.set(key, flow)
    else this.entries.delete(key)
    return flow
  }
}
