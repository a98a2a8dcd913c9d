import { randomBytes } from 'node:crypto'
import { MongoClient } from 'mongodb'

/** Why the MongoDB suites are skipped when no server is named. */
export const noMongoDb = process.env.MONGODB_URL ? undefined : 'MONGODB_URL is not set: no MongoDB server to test against'

/**
 * `MONGODB_URL` with a database of its own for one test run (`troupe_test_<random>`), and `drop`
 * to remove it afterwards. Hosts, credentials and options are kept.
 */
export function freshMongoDatabase(serverUrl = process.env.MONGODB_URL!): { url: string; drop(): Promise<void> } {
  const name = `troupe_test_${randomBytes(6).toString('hex')}`
  const url = serverUrl.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${name}`)
  return {
    url,
    async drop() {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 })
      try {
        await client.db(name).dropDatabase()
      } finally {
        await client.close()
      }
    }
  }
}
