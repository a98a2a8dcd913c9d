export * from './contract/index.js'
export { createClient, type TroupeClient, type ClientOptions } from './client/create-client.js'
