import type { ExecutionEvent, NodeStatus } from '@troupe/sdk'

const statusByEvent: Record<string, NodeStatus> = {
  'node.started': 'running',
  'node.retry': 'running',
  'node.waiting': 'waiting',
  'node.completed': 'succeeded',
  'node.failed': 'failed',
  'node.skipped': 'skipped',
  'node.cancelled': 'cancelled'
}

/** The status of each node after `events` (in any order; later `seq` wins), every node pending first. */
export function nodeStatuses(nodeIds: string[], events: Pick<ExecutionEvent, 'seq' | 'type' | 'nodeId'>[]): Record<string, NodeStatus> {
  const statuses: Record<string, NodeStatus> = Object.fromEntries(nodeIds.map((id) => [id, 'pending' as NodeStatus]))
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const status = statusByEvent[event.type]
    if (status && event.nodeId) statuses[event.nodeId] = status
  }
  return statuses
}
