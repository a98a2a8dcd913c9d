import { mergeNodePatch, type ExecutionRecorder, type NodeRecordPatch, type RecordedEvent } from './execution-recorder.js'

/** Keeps everything in memory: for tests and for measuring the executor without a database. */
export class MemoryRecorder implements ExecutionRecorder {
  readonly events: RecordedEvent[] = []
  readonly nodes = new Map<string, NodeRecordPatch>()

  constructor(private readonly executionId = 'memory') {}

  event(type: string, nodeId: string | null, data: Record<string, unknown> = {}): RecordedEvent {
    const event = { executionId: this.executionId, seq: this.events.length + 1, type, nodeId, data, createdAt: new Date() }
    this.events.push(event)
    return event
  }

  node(nodeId: string, patch: NodeRecordPatch): void {
    mergeNodePatch(this.nodes, nodeId, patch)
  }

  async flush(): Promise<void> {}
}
