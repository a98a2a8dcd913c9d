import type { FlowNode } from '@troupe/sdk'
import { dataChecker, type Check } from '../../validation/ajv.js'
import type { CompiledFlow } from '../graph/compile-flow.js'
import { compileParams, type AnyTemplateScope } from '@troupe/sdk/logic'

/** What running a node needs besides its inputs, prepared once per compiled flow. */
export interface NodePlan {
  readonly node: Readonly<FlowNode>
  /** The node's params with templates filled in: a fresh copy per call. */
  readonly params: (scope: AnyTemplateScope) => Record<string, unknown>
  /** Throws a 400-style error naming the node when filled-in params do not match the type's schema. */
  readonly check: Check
}

const plans = new WeakMap<CompiledFlow, ReadonlyMap<string, NodePlan>>()

/**
 * Each node's plan: its params compiled against its type's schema (templates parsed once) and its
 * params checker. Kept per compiled flow, so a flow version compiled once is prepared once.
 */
export function nodePlans(graph: CompiledFlow): ReadonlyMap<string, NodePlan> {
  let planned = plans.get(graph)
  if (!planned) {
    const map = new Map<string, NodePlan>()
    for (const [nodeId, { node, nodeType }] of graph.nodes) {
      map.set(nodeId, {
        node,
        params: compileParams(node.params ?? {}, nodeType.params),
        check: dataChecker(nodeType.params, `params of node ${nodeId}`)
      })
    }
    plans.set(graph, map)
    planned = map
  }
  return planned
}
