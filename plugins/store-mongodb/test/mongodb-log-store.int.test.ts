import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeLogStoreContract } from '@troupe/sdk/plugin/testing/log-store-contract'
import { MongoLogStore } from '../src/mongodb-log-store.js'
import { freshMongoDatabase, noMongoDb } from './mongodb-test-database.js'

// The shared log store contract, against the MongoDB server MONGODB_URL names (a database of its
// own per run). No MongoDB server runs on the project's own machines: without MONGODB_URL the
// suite is reported as skipped, with that reason in its name.
describeLogStoreContract(
  { describe, it, expect, beforeAll, afterAll },
  'MongoDB log store',
  async () => {
    const database = freshMongoDatabase()
    const store = await MongoLogStore.connect(database.url)
    return {
      store,
      // Collections and their indexes come on first use: a tenant needs nothing beforehand.
      addTenant: async () => randomUUID(),
      addExecution: async () => randomUUID(),
      async close() {
        await store.close()
        await database.drop()
      }
    }
  },
  { skip: noMongoDb }
)
