import { MongoClient } from 'mongodb'
import type { LogStore, TenantLogOptions, TenantLogService } from '@troupe/sdk/plugin'
import { MongoExecutionEventLog } from './mongo-execution-event-log.js'
import { MongoTenantLogService } from './mongo-tenant-log-service.js'
import { TenantCollections } from './tenant-collections.js'

/** The database when `MONGODB_URL` names none. */
const defaultDatabase = 'troupe'

/** The database a connection string names in its path (`mongodb://host/<database>?options`), if any. */
export function databaseOf(url: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?[^/?]*\/([^?]*)/.exec(url)?.[1]
  return path ? decodeURIComponent(path) : undefined
}

/**
 * Execution events and plugins' logs (chat messages) in MongoDB, one collection per tenant and
 * log, in the database `MONGODB_URL` names (`troupe` when it names none).
 */
export class MongoLogStore implements LogStore {
  readonly name = 'mongodb'
  readonly executionEvents: MongoExecutionEventLog
  private readonly collections: TenantCollections

  private constructor(
    private readonly client: MongoClient,
    database: string
  ) {
    this.collections = new TenantCollections(client.db(database))
    this.executionEvents = new MongoExecutionEventLog(this.collections)
  }

  /**
   * Connects and checks the server answers (`ping`), failing fast (5 s) when it does not. Errors
   * carry the driver's reason, never the URL (it may hold a password).
   */
  static async connect(url: string): Promise<MongoLogStore> {
    let client: MongoClient
    let database: string
    try {
      database = databaseOf(url) ?? defaultDatabase
      client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, appName: 'troupe' })
    } catch (error) {
      throw new Error(`it is not a valid MongoDB connection string (${(error as Error).message})`)
    }
    try {
      await client.connect()
      await client.db('admin').command({ ping: 1 })
    } catch (error) {
      await client.close().catch(() => undefined)
      throw new Error(`MongoDB did not answer: ${(error as Error).message}`)
    }
    return new MongoLogStore(client, database)
  }

  tenantLog<T>(options: TenantLogOptions<T>): TenantLogService<T> {
    return new MongoTenantLogService<T>(this.collections, options)
  }

  eraseTenant(tenantId: string): Promise<void> {
    return this.collections.eraseTenant(tenantId)
  }

  async close(): Promise<void> {
    await this.client.close()
  }
}
