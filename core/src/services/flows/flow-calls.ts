import type { Flow } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { describeCallChain } from '../../executor/sub-executions/call-chain.js'
import { isUuid } from '../../validation/is-uuid.js'

type SavedNode = Pick<Flow['nodes'][number], 'type' | 'typeVersion' | 'params'>
interface Problem {
  field: string
  message: string
}

/** The flows a flow's nodes run as sub-flows (`NodeType.callsFlows`), with where each is named. */
function calledFlows(app: Application, nodes: SavedNode[]): Array<{ index: number; field: string; flowId: string }> {
  const calls: Array<{ index: number; field: string; flowId: string }> = []
  for (const [index, node] of nodes.entries()) {
    const callsFlows = app.get('plugins').nodeType(node.type, node.typeVersion)?.nodeType.callsFlows
    if (!callsFlows) continue
    for (const call of callsFlows(node.params as never)) calls.push({ index, ...call })
  }
  return calls
}

/**
 * What is wrong with the sub-flows a flow about to be saved calls: each must be a flow of the
 * tenant; none may lead back to the saved flow (a loop of sub-flows would run until the quota
 * stops it); and the chain may not nest deeper than `TROUPE_SUBFLOW_MAX_DEPTH`. Each problem
 * names the node's param and the flows. Reads the called flows level by level, one query each.
 */
export async function flowCallProblems(app: Application, principal: Principal, saved: { id?: string; name: string }, nodes: SavedNode[]): Promise<Problem[]> {
  const calls = calledFlows(app, nodes)
  if (calls.length === 0) return []
  const problems: Problem[] = []
  const maxDepth = app.get('config').subflowMaxDepth
  const flows = (ids: string[]) =>
    app.get('knex')('flows').withSchema(principal.tenantSchema).whereIn('id', ids).select('id', 'name', 'nodes') as Promise<Array<{ id: string; name: string; nodes: SavedNode[] }>>
  const names = new Map<string, string>(saved.id ? [[saved.id, saved.name]] : [])
  // How each flow was first reached (breadth first: the shortest chain), and from which of the saved flow's calls.
  const cameFrom = new Map<string, string | undefined>()
  const root = new Map<string, (typeof calls)[number]>()
  let level: string[] = []
  for (const call of calls) {
    const field = `nodes.${call.index}.params.${call.field}`
    if (!isUuid(call.flowId)) problems.push({ field, message: 'is not a flow of this tenant' })
    else if (call.flowId === saved.id) problems.push({ field, message: `calls the flow itself (${describeCallChain([saved.id, saved.id], names)})` })
    else if (!root.has(call.flowId)) {
      root.set(call.flowId, call)
      cameFrom.set(call.flowId, saved.id)
      level.push(call.flowId)
    }
  }
  const chainTo = (flowId: string) => {
    const chain = [flowId]
    for (let at = cameFrom.get(flowId); at; at = cameFrom.get(at)) chain.unshift(at)
    return saved.id ? chain : [saved.name, ...chain]
  }
  const reported = new Set<(typeof calls)[number]>()
  for (let depth = 1; level.length > 0; depth++) {
    const found = await flows(level)
    for (const flow of found) names.set(flow.id, flow.name)
    const next: string[] = []
    for (const flowId of level) {
      const call = root.get(flowId)!
      const field = `nodes.${call.index}.params.${call.field}`
      const flow = found.find((candidate) => candidate.id === flowId)
      if (!flow) {
        if (depth === 1) problems.push({ field, message: 'is not a flow of this tenant' })
        continue
      }
      if (reported.has(call)) continue
      if (depth > maxDepth) {
        reported.add(call)
        problems.push({ field, message: `nests sub-flows deeper than ${maxDepth} levels (TROUPE_SUBFLOW_MAX_DEPTH): ${describeCallChain(chainTo(flowId), names)}` })
        continue
      }
      for (const { flowId: calledId } of calledFlows(app, flow.nodes)) {
        if (calledId === saved.id) {
          reported.add(call)
          problems.push({ field, message: `leads back to this flow: ${describeCallChain([...chainTo(flowId), calledId], names)}` })
          break
        }
        if (cameFrom.has(calledId) || !isUuid(calledId)) continue
        cameFrom.set(calledId, flowId)
        root.set(calledId, call)
        next.push(calledId)
      }
    }
    level = next
  }
  return problems
}
