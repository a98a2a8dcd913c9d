/** Standard Feathers service events, sent to the tenant's connections that may read the record. */
export const serviceEvents = ['created', 'updated', 'patched', 'removed'] as const
export type ServiceEvent = (typeof serviceEvents)[number]
