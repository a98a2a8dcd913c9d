import type { CompiledFlow } from '../graph/compile-flow.js'
import { edgeState } from './edge-state.js'
import { stateOf, type NodeStates } from './node-state.js'

/**
 * A node's incoming value: the output of its one active upstream node, or, when several feed it
 * (a join, a fan-in), an object of their outputs keyed by upstream node id in edge order;
 * `undefined` for a node nothing active feeds (a trigger or another root).
 */
export function collectNodeInput(
  graph: CompiledFlow,
  nodeId: string,
  outputs: ReadonlyMap<string, unknown>,
  states: NodeStates
): unknown {
  const compiled = graph.nodes.get(nodeId)
  if (!compiled) throw new Error(`collectNodeInput: no node "${nodeId}" in the flow`)
  const sources = new Set(
    compiled.incoming
      .filter((edge) => edgeState(edge, stateOf(states, edge.source)) === 'active')
      .map((edge) => edge.source)
  )
  if (sources.size === 0) return undefined
  if (sources.size === 1) return outputs.get([...sources][0])
  // fromEntries defines own properties, so a node named `__proto__` is a key like any other.
  return Object.fromEntries([...sources].map((source) => [source, outputs.get(source)]))
}
