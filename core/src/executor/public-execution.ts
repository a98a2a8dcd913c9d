import { executionStatuses, type ExecutionStatus } from '@troupe/sdk'

const terminalStatuses: ExecutionStatus[] = executionStatuses.filter((status) => status !== 'queued' && status !== 'running')

/** Whether an execution with this status has ended (succeeded, failed or cancelled). */
export function isTerminal(status: string): boolean {
  return (terminalStatuses as string[]).includes(status)
}

/**
 * An execution row without the lease bookkeeping (runner, lease, takeover count) and a crew run's
 * inner graph: the dispatcher's business, not the client's.
 */
export function publicExecution<T extends Record<string, unknown>>(row: T): Omit<T, 'runnerId' | 'leaseUntil' | 'takeovers' | 'graph'> {
  const { runnerId: _runner, leaseUntil: _lease, takeovers: _takeovers, graph: _graph, ...visible } = row
  return visible
}
