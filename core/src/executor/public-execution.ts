/**
 * An execution row without the lease bookkeeping (runner, lease, takeover count) and a crew run's
 * inner graph: the dispatcher's business, not the client's.
 */
export function publicExecution<T extends Record<string, unknown>>(row: T): Omit<T, 'runnerId' | 'leaseUntil' | 'takeovers' | 'graph'> {
  const { runnerId: _runner, leaseUntil: _lease, takeovers: _takeovers, graph: _graph, ...visible } = row
  return visible
}
