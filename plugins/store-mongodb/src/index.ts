import { definePlugin, type LogStoreKind } from '@troupe/sdk/plugin'

/** The `mongodb` log store, opened by the host when `MONGODB_URL` is set. */
const mongodbLogStore: LogStoreKind = {
  id: 'mongodb',
  async open({ url, logger }) {
    // Imported here: installs without MongoDB never load the driver.
    const { MongoLogStore } = await import('./mongodb-log-store.js')
    const store = await MongoLogStore.connect(url)
    logger.info('connected to MongoDB')
    return store
  }
}

/** Execution events and chat messages in MongoDB, one collection per tenant (with `MONGODB_URL`). */
export default definePlugin({
  id: 'store-mongodb',
  version: '0.1.0',
  apiVersion: '^1.1.0',
  description: 'Log store on MongoDB: execution events and chat messages, one collection per tenant',
  contributes: { logStores: [mongodbLogStore] }
})
