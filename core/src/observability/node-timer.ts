import type { RecordedEvent } from '../executor/persistence/execution-recorder.js'
import type { TroupeMetrics } from './metrics.js'

const finished: Record<string, string> = { 'node.completed': 'succeeded', 'node.failed': 'failed', 'node.cancelled': 'cancelled' }

/**
 * Turns the event stream into node run times: `node.started` (which names the type) opens a
 * timer, the node's end closes it into `troupe_node_duration_seconds{type, status}`.
 */
export class NodeTimer {
  private readonly open = new Map<string, { type: string; at: number }>()

  constructor(private readonly metrics: () => TroupeMetrics) {}

  observe(events: RecordedEvent[]): void {
    for (const event of events) {
      if (!event.nodeId) continue
      const key = `${event.executionId}:${event.nodeId}`
      if (event.type === 'node.started') {
        this.open.set(key, { type: String(event.data?.type ?? 'unknown'), at: new Date(event.createdAt).getTime() })
        continue
      }
      const status = finished[event.type]
      const started = status ? this.open.get(key) : undefined
      if (!started) continue
      this.open.delete(key)
      const seconds = Math.max(0, new Date(event.createdAt).getTime() - started.at) / 1000
      this.metrics().nodeDuration.observe({ type: started.type, status }, seconds)
    }
  }
}
