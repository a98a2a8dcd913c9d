import { definePlugin, type LogStoreKind } from '@troupe/sdk/plugin'

/**
 * The plugin's settings. `url` is a MongoDB connection string (a replica set names several hosts,
 * `mongodb://a:27017,b:27017/troupe`, which a URL parser cannot read: only its form is checked
 * here, the driver checks the rest when the store connects). It may hold a password: the host's
 * errors name the variable, never the value.
 */
const mongodbSettingsSchema = {
  type: 'object',
  properties: {
    url: { type: 'string', pattern: '^mongodb(\\+srv)?://[^/?#\\s]+', 'x-troupe-env-aliases': ['MONGODB_URL'] }
  },
  additionalProperties: false
}

/** The `mongodb` log store, opened by the host when `MONGODB_URL` (or `TROUPE_STORE_MONGODB_URL`) is set. */
const mongodbLogStore: LogStoreKind = {
  id: 'mongodb',
  selectedBy: 'url',
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
  apiVersion: '^2.0.0',
  description: 'Log store on MongoDB: execution events and chat messages, one collection per tenant',
  settings: mongodbSettingsSchema,
  contributes: { logStores: [mongodbLogStore] }
})
