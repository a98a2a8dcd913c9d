import type { Application } from '../../declarations.js'
import { effectiveLimits } from '../../limits/tenant-limits.js'
import type { ExecutionStore } from './execution-store.js'

export interface HistoryPrunerOptions {
  intervalMs: number
  /** Tenants taken per tick. */
  tenantsPerTick?: number
  /** Executions removed per statement. */
  batch?: number
  /** Batches per tenant per tick: a tenant with a huge backlog is worked down over several ticks. */
  maxBatchesPerTenant?: number
}

/**
 * Applies each tenant's retention (`historyMaxAgeDays`, `historyFailedMaxAgeDays`,
 * `historyMaxCount`, else the server's) off the hot path: every tick it takes the few tenants
 * pruned longest ago and removes their expired executions in small batches, so no statement holds
 * many rows and the cost per tick is the same with ten tenants or ten thousand.
 */
export class HistoryPruner {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined

  constructor(
    private readonly app: Application,
    private readonly store: ExecutionStore,
    private readonly options: HistoryPrunerOptions
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }

  /** One round (one at a time); also what tests call. */
  tick(): Promise<void> {
    this.running ??= this.prune().finally(() => (this.running = undefined))
    return this.running
  }

  private async prune() {
    const { tenantsPerTick = 20, batch = 500, maxBatchesPerTenant = 10 } = this.options
    const config = this.app.get('config')
    const metrics = this.app.get('metrics')
    const eventLog = this.app.get('logStore').executionEvents
    let due: Awaited<ReturnType<ExecutionStore['tenantsDueForPruning']>>
    try {
      due = await this.store.tenantsDueForPruning(tenantsPerTick)
    } catch (error) {
      this.app.get('logger').warn({ err: error }, 'finding tenants to prune failed')
      return
    }
    for (const { tenantId, limits } of due) {
      const effective = effectiveLimits(limits, config)
      const retention = { maxAgeDays: effective.historyMaxAgeDays, failedMaxAgeDays: effective.historyFailedMaxAgeDays, maxCount: effective.historyMaxCount }
      try {
        for (let round = 0; round < maxBatchesPerTenant; round++) {
          const removed = await this.store.pruneHistory(tenantId, retention, eventLog, batch)
          metrics.historyPruned.inc({ table: 'executions' }, removed.executions)
          metrics.historyPruned.inc({ table: 'execution_nodes' }, removed.nodes)
          if (removed.executions) this.app.get('storageMeter').forget(tenantId)
          if (removed.executions < batch) break
        }
      } catch (error) {
        this.app.get('logger').warn({ err: error, tenantId }, 'pruning the execution history of a tenant failed')
      }
    }
  }
}
