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
  // Most nodes have one active source; a set is made only for a join.
  let first: string | undefined
  let sources: Set<string> | undefined
  for (const edge of compiled.incoming) {
    if (edgeState(edge, stateOf(states, edge.source)) !== 'active') continue
    if (first === undefined) first = edge.source
    else if (edge.source !== first) (sources ??= new Set([first])).add(edge.source)
  }
  if (first === undefined) return undefined
  if (!sources) return outputs.get(first)
  // fromEntries defines own properties, so a node named `__proto__` is a key like any other.
  return Object.fromEntries([...sources].map((source) => [source, outputs.get(source)]))
}
