import type { Collection, Db, Document } from 'mongodb'
import type { TenantLogOptions } from '@troupe/sdk/plugin'

const logName = /^[a-z][a-z0-9_]*$/

/** The prefix of every collection of a tenant: `tenant_<id as 32 hex digits>_`. */
export function tenantPrefix(tenantId: string): string {
  const compact = tenantId.toLowerCase().replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/.test(compact)) throw new Error(`Not a tenant id: ${tenantId}`)
  return `tenant_${compact}_`
}

/** The collection of one log of one tenant (`tenant_<id>_execution_events`). */
export function tenantCollectionName(tenantId: string, log: string): string {
  if (!logName.test(log)) throw new Error(`Not a log name: ${log} (lower-case letters, digits and _)`)
  return `${tenantPrefix(tenantId)}${log}`
}

/** MongoDB's answer when a collection does not exist (dropped meanwhile). */
const namespaceNotFound = 26

/**
 * One collection per tenant and log, as the original design had: a tenant's records never share
 * a collection with another's, and erasing a tenant drops its collections. A collection gets its
 * log's indexes on first use in this process (`createIndexes` does nothing for existing ones).
 */
export class TenantCollections {
  private readonly prepared = new Map<string, Promise<Collection<Document>>>()

  constructor(private readonly db: Db) {}

  get(tenantId: string, log: Pick<TenantLogOptions, 'name' | 'indexes'>): Promise<Collection<Document>> {
    const name = tenantCollectionName(tenantId, log.name)
    let collection = this.prepared.get(name)
    if (!collection) {
      collection = this.prepare(name, log.indexes ?? [])
      this.prepared.set(name, collection)
      // A failure (server unreachable) is tried again by the next call.
      collection.catch(() => this.prepared.delete(name))
    }
    return collection
  }

  private async prepare(name: string, indexes: NonNullable<TenantLogOptions['indexes']>): Promise<Collection<Document>> {
    const collection = this.db.collection(name)
    if (indexes.length) {
      await collection.createIndexes(
        indexes.map(({ fields, unique }) => ({ key: Object.fromEntries(fields.map((field) => [field, 1])), ...(unique ? { unique: true } : {}) }))
      )
    }
    return collection
  }

  /** Drops every collection of the tenant. */
  async eraseTenant(tenantId: string): Promise<void> {
    const prefix = tenantPrefix(tenantId)
    const collections = await this.db.listCollections({ name: { $regex: `^${prefix}` } }, { nameOnly: true }).toArray()
    for (const { name } of collections) {
      this.prepared.delete(name)
      await this.db
        .collection(name)
        .drop()
        .catch((error: { code?: number }) => {
          if (error.code !== namespaceNotFound) throw error
        })
    }
    for (const name of this.prepared.keys()) if (name.startsWith(prefix)) this.prepared.delete(name)
  }
}
