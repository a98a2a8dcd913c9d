import type { Application, Principal } from '../declarations.js'
import type { KnexRecorder } from './persistence/knex-recorder.js'
import { LeaseLostError } from './persistence/lease-lost-error.js'
import { parentOf, type ExecutionLifecycle } from './lifecycle/execution-lifecycle.js'
import type { UnstorableProgressError } from './persistence/unstorable-progress.js'
import { quarantinedNodeError, quarantineReason } from './quarantine.js'
import { recordFailure, runningNodeIds, type Failure } from './record-failure.js'
import type { ResumedNode } from './runner/run-flow.js'
import type { ExecutionRow } from './execution-runner.js'

/** The execution being failed: its id and how often it was taken over. */
type Target = Pick<ExecutionRow, 'id' | 'takeovers' | 'parentExecutionId' | 'parentNodeId'>

/**
 * Fails executions that must not run on: those quarantined for stopping their runners too often,
 * and those whose progress can never be stored. Each is logged (a warning naming the execution,
 * the tenant and the nodes), counted in `troupe_executions_total`, and recorded like any failure.
 */
export class ExecutionFailures {
  constructor(
    private readonly app: Application,
    private readonly lifecycle: ExecutionLifecycle,
    /** A fresh recorder of the execution, continuing its stored event log. */
    private readonly newRecorder: (execution: Target, principal: Principal) => Promise<KnexRecorder>
  ) {}

  /** Fails an execution claimed past its takeovers, naming the nodes that were running when its runners died. */
  async quarantine(execution: Target, principal: Principal, recorder: KnexRecorder, resumed?: ReadonlyMap<string, ResumedNode>): Promise<void> {
    const running = [...(resumed ?? [])].filter(([, node]) => node.status === 'running').map(([nodeId]) => nodeId).sort()
    const reason = quarantineReason(execution.takeovers ?? 0, running)
    this.app.get('logger').warn({ executionId: execution.id, tenantId: principal.tenantId, nodeIds: running, takeovers: execution.takeovers }, reason)
    await this.fail(execution, principal, recorder, { error: reason, running, nodeError: quarantinedNodeError })
  }

  /**
   * Fails an execution whose progress can never be stored, in a small write of its own: the
   * nodes stored as running fail, then the execution, with the reason (never the data).
   */
  async unstorable(execution: Target, principal: Principal, error: UnstorableProgressError): Promise<void> {
    this.app.get('logger').warn({ executionId: execution.id, tenantId: principal.tenantId, err: error.cause }, error.message)
    const recorder = await this.newRecorder(execution, principal)
    const running = await runningNodeIds(this.app.get('knex'), principal.tenantSchema, execution.id)
    await this.fail(execution, principal, recorder, { error: error.message, running, nodeError: error.message })
  }

  private async fail(execution: Target, principal: Principal, recorder: KnexRecorder, failure: Failure) {
    try {
      await recordFailure(recorder, failure)
    } catch (error) {
      // Another runner took the execution over meanwhile: it decides.
      if (error instanceof LeaseLostError) return
      throw error
    }
    this.lifecycle.finish({ executionId: execution.id, principal, status: 'failed', parent: parentOf(execution) })
  }
}
