import { BSON } from 'mongodb'

/** MongoDB's limit on one document (16 MiB), less room for the event's own fields. */
const maxDataBytes = 16 * 1024 * 1024 - 16 * 1024

/** A copy of `value` whose field names hold no NUL character (U+FFFD instead: BSON field names cannot hold one). */
function withoutNulInNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulInNames)
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replaceAll('\u0000', '\ufffd'), withoutNulInNames(item)]))
}

/**
 * Event data MongoDB can store: NUL characters in field names become U+FFFD (as the PostgreSQL
 * store does for all NULs), and data larger than a document may be is replaced by a note of its
 * size, so one oversized node output cannot keep its execution from ever being stored. Applied only
 * after MongoDB refused a batch: it walks the whole data.
 */
export function storableEventData(data: Record<string, unknown>): Record<string, unknown> {
  const named = withoutNulInNames(data) as Record<string, unknown>
  const bytes = BSON.calculateObjectSize(named)
  return bytes > maxDataBytes ? { omitted: `${bytes} bytes of data: more than a MongoDB document may hold` } : named
}
