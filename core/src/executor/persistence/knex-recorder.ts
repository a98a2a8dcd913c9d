import type { Knex } from 'knex'
import type { ExecutionRecorder, NodeRecordPatch, RecordedEvent } from './execution-recorder.js'
import { LeaseLostError } from './lease-lost-error.js'

export interface KnexRecorderOptions {
  knex: Knex
  schema: string
  executionId: string
  /** The last `seq` already stored (a resumed execution continues after it). */
  lastSeq?: number
  /** How long writes may wait to be batched. */
  batchMs?: number
  /** Called with each batch once it is stored, in `seq` order. */
  onStored?: (events: RecordedEvent[]) => void
  /** When set, a batch is written only while the execution's row still names this runner. */
  runnerId?: string
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value))

/**
 * Write-behind persistence: events and node states are buffered and written in one transaction
 * per batch (a few milliseconds), so a node costs no database round trip of its own. Batches are
 * written one after another, so `seq` order is storage order.
 */
export class KnexRecorder implements ExecutionRecorder {
  private seq: number
  private events: RecordedEvent[] = []
  private nodes = new Map<string, NodeRecordPatch>()
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()
  private failure: Error | undefined

  constructor(private readonly options: KnexRecorderOptions) {
    this.seq = options.lastSeq ?? 0
  }

  event(type: string, nodeId: string | null, data: Record<string, unknown> = {}): RecordedEvent {
    const event = { executionId: this.options.executionId, seq: ++this.seq, type, nodeId, data, createdAt: new Date() }
    this.events.push(event)
    this.schedule()
    return event
  }

  node(nodeId: string, patch: NodeRecordPatch): void {
    const current = this.nodes.get(nodeId)
    if (current) Object.assign(current, patch)
    else this.nodes.set(nodeId, { ...patch })
    this.schedule()
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    this.writing = this.writing.then(() => this.write())
    await this.writing
    if (this.failure) throw this.failure
  }

  private schedule() {
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.writing = this.writing.then(() => this.write())
    }, this.options.batchMs ?? 10)
  }

  private async write(): Promise<void> {
    const events = this.events
    const nodes = this.nodes
    if (!events.length && !nodes.size) return
    this.events = []
    this.nodes = new Map()
    const { knex, schema, executionId } = this.options
    try {
      await knex.transaction(async (trx) => {
        if (this.options.runnerId) {
          const owner = await trx('executions').withSchema(schema).where({ id: executionId }).forUpdate().first('runnerId')
          if (owner?.runnerId !== this.options.runnerId) throw new LeaseLostError(executionId)
        }
        if (nodes.size) {
          const rows = [...nodes].map(([nodeId, patch]) => ({
            executionId,
            nodeId,
            status: patch.status ?? 'pending',
            ...('attempts' in patch ? { attempts: patch.attempts } : {}),
            ...('port' in patch ? { port: patch.port } : {}),
            ...('input' in patch ? { input: json(patch.input) } : {}),
            ...('output' in patch ? { output: json(patch.output) } : {}),
            ...('error' in patch ? { error: patch.error } : {}),
            ...('startedAt' in patch ? { startedAt: patch.startedAt } : {}),
            ...('finishedAt' in patch ? { finishedAt: patch.finishedAt } : {})
          }))
          // One upsert per distinct column set keeps a partial patch from nulling other columns.
          for (const group of groupByColumns(rows)) {
            await trx('executionNodes')
              .withSchema(schema)
              .insert(group.rows)
              .onConflict(['executionId', 'nodeId'])
              .merge(group.columns.filter((column) => column !== 'executionId' && column !== 'nodeId'))
          }
        }
        if (events.length) {
          await trx('executionEvents')
            .withSchema(schema)
            .insert(events.map((event) => ({ ...event, data: JSON.stringify(event.data) })))
        }
      })
      this.options.onStored?.(events)
    } catch (error) {
      this.failure = error as Error
    }
  }
}

function groupByColumns(rows: Array<Record<string, unknown>>) {
  const groups = new Map<string, { columns: string[]; rows: Array<Record<string, unknown>> }>()
  for (const row of rows) {
    const columns = Object.keys(row)
    const key = columns.join(',')
    const group = groups.get(key) ?? { columns, rows: [] }
    group.rows.push(row)
    groups.set(key, group)
  }
  return groups.values()
}
