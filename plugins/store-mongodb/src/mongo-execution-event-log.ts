import { MongoBulkWriteError, MongoNetworkError, MongoServerSelectionError, type Collection, type Document } from 'mongodb'
import { ConflictingEventError, executionEventLogOptions, type ExecutionEventLog, type LoggedExecutionEvent } from '@troupe/sdk/plugin'
import { storableEventData } from './storable-event.js'
import type { TenantCollections } from './tenant-collections.js'

const duplicateKey = 11000
const withoutId = { projection: { _id: 0 } }

function documentOf(event: LoggedExecutionEvent, data = event.data): Document {
  return { executionId: event.executionId, seq: event.seq, type: event.type, nodeId: event.nodeId, data, createdAt: event.createdAt }
}

/**
 * The event log in a collection per tenant (`tenant_<id>_execution_events`, unique on
 * `executionId` + `seq`). Not `inline`: the executor appends each batch after its PostgreSQL
 * statement committed. Appends insert unordered and take a duplicate key as an event stored
 * before (a retry) once it is seen to be the same event.
 */
export class MongoExecutionEventLog implements ExecutionEventLog {
  readonly inline = false

  constructor(private readonly collections: TenantCollections) {}

  private collection(tenantId: string): Promise<Collection<Document>> {
    return this.collections.get(tenantId, executionEventLogOptions)
  }

  async append(tenantId: string, events: LoggedExecutionEvent[]): Promise<void> {
    if (!events.length) return
    const collection = await this.collection(tenantId)
    try {
      await this.insert(collection, events.map((event) => documentOf(event)))
    } catch (error) {
      if (error instanceof ConflictingEventError || error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) throw error
      // Refused as they are (a NUL in a field name, data over the document limit): store what can be.
      const storable = events.map((event) => documentOf(event, storableEventData(event.data)))
      await this.insert(collection, storable)
    }
  }

  /** Inserts `documents`; those already stored must be the same events, else `ConflictingEventError`. */
  private async insert(collection: Collection<Document>, documents: Document[]): Promise<void> {
    try {
      await collection.insertMany(documents, { ordered: false })
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error
      const failures = [error.writeErrors].flat()
      if (!failures.length || failures.some((failure) => failure.code !== duplicateKey)) throw error
      await this.checkSameAsStored(collection, failures.map((failure) => documents[failure.index]))
    }
  }

  private async checkSameAsStored(collection: Collection<Document>, documents: Document[]): Promise<void> {
    const stored = await collection
      .find({ $or: documents.map(({ executionId, seq }) => ({ executionId, seq })) }, { projection: { _id: 0, executionId: 1, seq: 1, type: 1, createdAt: 1 } })
      .toArray()
    const key = (document: Document) => `${document.executionId}:${document.seq}:${document.type}:${(document.createdAt as Date).getTime()}`
    const same = new Set(stored.map(key))
    const conflicting = documents.filter((document) => !same.has(key(document)))
    if (conflicting.length) throw new ConflictingEventError([...new Set(conflicting.map((document) => String(document.executionId)))])
  }

  async lastSeq(tenantId: string, executionId: string): Promise<number> {
    const last = await (await this.collection(tenantId)).findOne({ executionId }, { sort: { seq: -1 }, projection: { _id: 0, seq: 1 } })
    return Number(last?.seq ?? 0)
  }

  async completion(tenantId: string, executionId: string): Promise<LoggedExecutionEvent | undefined> {
    const found = await (await this.collection(tenantId)).findOne({ executionId, type: 'execution.completed' }, withoutId)
    return (found as LoggedExecutionEvent | null) ?? undefined
  }

  async ofExecutions(tenantId: string, executionIds: string[]): Promise<LoggedExecutionEvent[]> {
    if (!executionIds.length) return []
    const collection = await this.collection(tenantId)
    return (await collection.find({ executionId: { $in: executionIds } }, { ...withoutId, sort: { executionId: 1, seq: 1 } }).toArray()) as unknown as LoggedExecutionEvent[]
  }

  async removeExecutions(tenantId: string, executionIds: string[]): Promise<void> {
    if (!executionIds.length) return
    await (await this.collection(tenantId)).deleteMany({ executionId: { $in: executionIds } })
  }
}
