const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Every id in Troupe is a UUID; anything else names no record. */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && uuid.test(value)
}
