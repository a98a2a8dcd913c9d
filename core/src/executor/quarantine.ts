/**
 * Whether an execution taken over `takeovers` times may not run again. Each takeover means a
 * runner died (or stalled past its lease) while running it; past `maxTakeovers`, the execution is
 * the likelier cause than bad luck, and resuming it again would take the next runner down too.
 */
export function isQuarantined(takeovers: number, maxTakeovers: number): boolean {
  return takeovers > maxTakeovers
}

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ')

/** Why a quarantined execution fails: how often it stopped its runner, and which nodes were running then. */
export function quarantineReason(takeovers: number, runningNodeIds: readonly string[]): string {
  const times = takeovers === 1 ? 'once' : `${takeovers} times`
  const where =
    runningNodeIds.length === 0
      ? ' (no node had been stored as running)'
      : runningNodeIds.length === 1
        ? ` while node ${quoted(runningNodeIds)} was running`
        : ` while nodes ${quoted(runningNodeIds)} were running`
  return `Quarantined: the execution stopped its runner ${times}${where}; it will not be retried`
}

/** What each node that was running when the execution was quarantined fails with. */
export const quarantinedNodeError = 'quarantined: its runner stopped while this node was running, more often than allowed'
