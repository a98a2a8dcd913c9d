import type { Application } from '../declarations.js'
import { LeaseLostError } from './persistence/lease-lost-error.js'
import { tenantSchemaName } from '../db/tenant-schema.js'
import type { Claim, ExecutionStore } from './store/execution-store.js'

/** What the lease keeper needs of a run of this process. */
export interface LeasedRun {
  schema: string
  controller: AbortController
}

export interface LeaseKeeperOptions {
  leaseMs: number
  /** The runs of this process, by execution id (the keeper renews them and never takes them over). */
  local: ReadonlyMap<string, LeasedRun>
  claim(): Claim
  /** Resumes an execution whose lease ran out, claimed for this runner. */
  takeOver(execution: { id: string; takeovers?: number }, tenantId: string): void
  /** Resumes a waiting node whose `until` came (a node resumed before is left alone). */
  wake(wakeup: { tenantId: string; executionId: string; nodeId: string }): Promise<void>
}

/**
 * Keeps this runner's leases and takes over the executions whose runner died. Renewal is one
 * statement per tenant schema with local runs; recovery reads the control schema's index of
 * tenants with active executions (`active_executions`), so its cost follows the tenants with
 * work, not the number of tenants.
 */
export class LeaseKeeper {
  private renewTimer: NodeJS.Timeout | undefined
  private recoverTimer: NodeJS.Timeout | undefined
  private sweeping: Promise<void> | undefined
  private stopped = false

  constructor(
    private readonly app: Application,
    private readonly store: ExecutionStore,
    private readonly options: LeaseKeeperOptions
  ) {}

  start(): void {
    const { leaseMs } = this.options
    this.renewTimer = setInterval(() => void this.renew(), Math.max(200, leaseMs / 3))
    this.recoverTimer = setInterval(() => void this.recover(), Math.max(500, leaseMs / 2))
    void this.recover()
  }

  stop(): void {
    this.stopped = true
    clearInterval(this.renewTimer)
    clearInterval(this.recoverTimer)
  }

  /** One statement per tenant schema renews every local lease; a lost lease stops that run. */
  async renew(): Promise<void> {
    const bySchema = new Map<string, string[]>()
    for (const [id, run] of this.options.local) bySchema.set(run.schema, [...(bySchema.get(run.schema) ?? []), id])
    for (const [schema, ids] of bySchema) {
      let renewed: Map<string, string>
      try {
        renewed = await this.store.renew(schema, ids, this.options.claim())
      } catch (error) {
        // The database is unreachable: the runs go on, and renew at the next tick if it is back.
        this.app.get('logger').warn({ err: error }, 'renewing execution leases failed')
        continue
      }
      for (const id of ids) {
        const status = renewed.get(id)
        if (status === undefined) this.options.local.get(id)?.controller.abort(new LeaseLostError(id))
        else if (status === 'cancelled') this.options.local.get(id)?.controller.abort(new Error('cancelled'))
      }
    }
  }

  /** Takes over executions whose lease ran out and resumes them; one sweep at a time. */
  recover(): Promise<void> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined))
    return this.sweeping
  }

  private async sweep() {
    if (this.stopped) return
    await this.wakeDue()
    const tenants = await this.store.tenantsWithActiveExecutions()
    for (const tenantId of tenants) {
      try {
        const claimed = await this.store.claim<{ id: string; takeovers?: number }>(tenantSchemaName(tenantId), this.options.claim(), { except: [...this.options.local.keys()] })
        for (const execution of claimed) {
          if (this.options.local.has(execution.id)) continue
          this.app.get('logger').info({ executionId: execution.id, tenantId, takeovers: execution.takeovers }, 'taking over an execution whose runner stopped')
          this.options.takeOver(execution, tenantId)
        }
        if (!claimed.length) await this.store.forgetIfIdle(tenantId)
      } catch (error) {
        this.app.get('logger').warn({ err: error, tenantId }, 'recovering the executions of a tenant failed')
      }
    }
  }

  /** Resumes the timed waits that are due, a hundred at most per sweep (the rest at the next). */
  private async wakeDue() {
    let due: Awaited<ReturnType<ExecutionStore['takeDueWakeups']>>
    try {
      due = await this.store.takeDueWakeups(100)
    } catch (error) {
      this.app.get('logger').warn({ err: error }, 'finding timed waits that are due failed')
      return
    }
    for (const wakeup of due) {
      try {
        await this.options.wake(wakeup)
        await this.store.dropWakeup(wakeup.tenantId, wakeup.executionId, wakeup.nodeId)
      } catch (error) {
        // Taken again once its postponement ends.
        this.app.get('logger').warn({ err: error, executionId: wakeup.executionId }, 'resuming a timed wait failed')
      }
    }
  }
}
