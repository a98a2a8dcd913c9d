/** A cycle as the nodes it passes through, first node repeated at the end, and the edge that closes it. */
export interface Cycle {
  nodes: string[]
  /** Index, in the edges given, of the edge back to the first node. */
  edge: number
}

/**
 * Cycles among `nodeIds` by depth-first search in the given order (edges naming other nodes are
 * ignored). Each cycle reported passes through a node no earlier one did, so a tangle of loops
 * yields a few readable cycles, not every combination. Iterative, so long chains cannot overflow.
 */
export function findCycles(
  nodeIds: readonly string[],
  edges: readonly { source: string; target: string }[]
): Cycle[] {
  const outgoing = new Map(nodeIds.map((id) => [id, [] as number[]]))
  edges.forEach((edge, index) => {
    if (outgoing.has(edge.target)) outgoing.get(edge.source)?.push(index)
  })
  const state = new Map<string, 'open' | 'done'>()
  const reported = new Set<string>()
  const cycles: Cycle[] = []
  for (const root of outgoing.keys()) {
    if (state.has(root)) continue
    state.set(root, 'open')
    const path = [{ node: root, next: 0 }]
    while (path.length > 0) {
      const frame = path[path.length - 1]
      const out = outgoing.get(frame.node)!
      if (frame.next === out.length) {
        state.set(frame.node, 'done')
        path.pop()
        continue
      }
      const index = out[frame.next++]
      const target = edges[index].target
      const seen = state.get(target)
      if (seen === undefined) {
        state.set(target, 'open')
        path.push({ node: target, next: 0 })
      } else if (seen === 'open') {
        const loop = path.slice(path.findIndex((step) => step.node === target)).map((step) => step.node)
        if (loop.some((node) => !reported.has(node))) {
          for (const node of loop) reported.add(node)
          cycles.push({ nodes: [...loop, target], edge: index })
        }
      }
    }
  }
  return cycles
}
