import type { ServiceTableTypes } from '../contract/services.js'

/**
 * Every service a client can call, typed from the contract's one table (`serviceTable`, which also
 * gives each service's path and methods).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceTypes extends ServiceTableTypes {}
