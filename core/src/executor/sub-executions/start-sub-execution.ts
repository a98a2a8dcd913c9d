import { BadRequest } from '@feathersjs/errors'
import type { Execution } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { isUuid } from '../../validation/is-uuid.js'
import { flowNames, describeCallChain } from './call-chain.js'

/** What a node asks for: run `flowId` as a sub-flow of its execution. */
export interface SubExecutionRequest {
  flowId: string
  /** The sub-flow's input (checked against its trigger's input schema, as any run's). */
  input?: unknown
  /** One run per key and node: the same key finds the run started before (a node run again after a crash). */
  key?: string
}

/** The node asking, in its execution. */
export interface SubExecutionCaller {
  principal: Principal
  executionId: string
  nodeId: string
}

interface ChainRow {
  flowId: string | null
  parentExecutionId: string | null
}

const maxKeyLength = 200

/**
 * Starts `request.flowId` as a sub-flow of the caller's execution (`trigger: "subflow"`, linked
 * to its parent and node, counted against the tenant's concurrency quota), or finds the run the
 * same node started under the same key. Refused with a message naming the flows when the flow
 * already runs further up the chain (recursion) or the chain would nest deeper than
 * `TROUPE_SUBFLOW_MAX_DEPTH`.
 */
export async function startSubExecution(app: Application, caller: SubExecutionCaller, request: SubExecutionRequest): Promise<{ executionId: string; started: boolean }> {
  const { principal } = caller
  const key = request.key ?? 'call'
  if (typeof request.flowId !== 'string' || !isUuid(request.flowId)) throw new BadRequest('flowId must be the id of a flow of this tenant', [{ field: 'flowId', message: 'must be a flow id' }])
  if (typeof key !== 'string' || key.length === 0 || key.length > maxKeyLength) throw new BadRequest(`key must be 1 to ${maxKeyLength} characters`, [{ field: 'key', message: `must be 1 to ${maxKeyLength} characters` }])
  const knex = app.get('knex')
  const executions = () => knex('executions').withSchema(principal.tenantSchema)
  const existing = (await executions().where({ parentExecutionId: caller.executionId, parentNodeId: caller.nodeId, callKey: key }).first('id')) as { id: string } | undefined
  if (existing) return { executionId: existing.id, started: false }

  // The chain of flows above: this execution's flow, its parent's, and so on up to the first run.
  const maxDepth = app.get('config').subflowMaxDepth
  const chain: string[] = []
  let levels = 0
  let next: string | null = caller.executionId
  // The new run is `levels` deep (the first run is level 0): one more than the runs above it.
  while (next && levels <= maxDepth) {
    const row = (await executions().where({ id: next }).first('flowId', 'parentExecutionId')) as ChainRow | undefined
    if (!row) break
    if (row.flowId) chain.unshift(row.flowId)
    levels++
    next = row.parentExecutionId
  }
  const looped = chain.includes(request.flowId)
  if (looped || levels > maxDepth) {
    const path = [...chain, request.flowId]
    const described = describeCallChain(path, await flowNames(app, principal, path))
    if (looped) throw new BadRequest(`Sub-flows call each other in a loop: ${described}`, [{ field: 'flowId', message: 'already runs further up this chain of sub-flows' }])
    throw new BadRequest(`Sub-flows nest deeper than ${maxDepth} levels (TROUPE_SUBFLOW_MAX_DEPTH): ${described}`, [{ field: 'flowId', message: 'nests too deep' }])
  }
  const child = (await app.service('executions').create(
    { flowId: request.flowId, input: request.input ?? {} },
    { principal, trigger: 'subflow', parent: { executionId: caller.executionId, nodeId: caller.nodeId, key } }
  )) as Execution
  return { executionId: child.id, started: true }
}
