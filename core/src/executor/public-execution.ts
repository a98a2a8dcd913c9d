import { withEntryFields } from './execution-entry-fields.js'

/**
 * An execution row without the lease bookkeeping (runner, lease, takeover count) and an entry
 * run's inner graph, the dispatcher's business, not the client's; with the plugin entry it was
 * started through under that entry's field (`entryFields`: the loaded ones, `crewId`).
 */
export function publicExecution<T extends Record<string, unknown>>(row: T, entryFields: readonly string[]): Omit<T, 'runnerId' | 'leaseUntil' | 'takeovers' | 'graph' | 'entryField' | 'entryId'> {
  const { runnerId: _runner, leaseUntil: _lease, takeovers: _takeovers, graph: _graph, ...visible } = row
  return withEntryFields(visible, entryFields) as Omit<T, 'runnerId' | 'leaseUntil' | 'takeovers' | 'graph' | 'entryField' | 'entryId'>
}
