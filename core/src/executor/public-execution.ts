/**
 * An execution row without the lease bookkeeping (runner, lease, takeover count), a crew run's
 * inner graph and a sub-flow's call key: the dispatcher's business, not the client's.
 */
export function publicExecution<T extends Record<string, unknown>>(row: T): Omit<T, 'runnerId' | 'leaseUntil' | 'takeovers' | 'graph' | 'callKey'> {
  const { runnerId: _runner, leaseUntil: _lease, takeovers: _takeovers, graph: _graph, callKey: _key, ...visible } = row
  return visible
}
