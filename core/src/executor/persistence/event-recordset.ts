import type { LoggedExecutionEvent } from '@troupe/sdk/plugin'
import { storableJson } from './storable-json.js'

/**
 * The rows of `execution_events` from one JSON parameter (`eventRecordsetJson`), for an
 * `insert into ??.execution_events (execution_id, seq, type, node_id, data, created_at)`; the
 * recordset is `r`, so a `where r.…` may follow.
 */
export const eventRecordset = `select execution_id, seq, type, node_id, data, to_timestamp(created_at / 1000)
      from jsonb_to_recordset(?::jsonb) as r(execution_id uuid, seq integer, type text, node_id text, data jsonb, created_at double precision)`

/** The parameter `eventRecordset` reads: one JSON array, times as epoch milliseconds. */
export function eventRecordsetJson(events: readonly LoggedExecutionEvent[]): string {
  return storableJson(
    events.map((event) => ({
      execution_id: event.executionId,
      seq: event.seq,
      type: event.type,
      node_id: event.nodeId,
      data: event.data,
      created_at: event.createdAt.getTime()
    }))
  )
}
