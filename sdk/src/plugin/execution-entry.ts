import type { FlowEdge, FlowNode } from '../contract/schemas/flows.js'
import type { RecordsClient } from './node-type.js'

/** The graph an entry's execution runs: nodes and edges, as a flow has them. */
export interface ExecutionGraph {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

/** What an entry builds its graph from. */
export interface ExecutionEntryRequest {
  /** The id the caller sent under the entry's field. */
  id: string
  /** Services on behalf of the caller (their tenant, their checks): read the record through it. */
  records: RecordsClient
}

/**
 * Another way to start an execution through `POST /api/v1/executions`: besides `{flowId, input}`,
 * `{<field>: id, input}` runs the graph this entry builds from one of the plugin's records (the
 * crew plugin: `{crewId, input}` runs the crew). The run is an execution like any other (events,
 * cancellation, recovery, the tenant's quota), stored with the graph it ran, and the execution
 * record keeps the id under the same field (`execution.crewId`), filterable (`?crewId=`). Since
 * plugin API 1.7.
 */
export interface ExecutionEntry {
  /** camelCase, ending in `Id` (`crewId`); not `flowId`, and no other plugin's. */
  field: string
  /**
   * The graph to run for the record `id` names; `undefined` when it is not a record of the caller's
   * tenant (the host answers 400 naming the field). The host validates the graph before anything is
   * stored.
   */
  graph(request: ExecutionEntryRequest): Promise<ExecutionGraph | undefined>
}
