/**
 * The nodes `nodeId` depends on, directly or not (never itself), nearest first: what has run by
 * the time it runs. Linear in the edges, whatever the graph's shape (cycles included).
 */
export function upstreamOf(nodeId: string, edges: ReadonlyArray<{ source: string; target: string }>): string[] {
  const sources = new Map<string, string[]>()
  for (const edge of edges) {
    const list = sources.get(edge.target)
    if (list) list.push(edge.source)
    else sources.set(edge.target, [edge.source])
  }
  const found: string[] = []
  const seen = new Set([nodeId])
  for (let index = -1; index < found.length; index++) {
    for (const source of sources.get(index < 0 ? nodeId : found[index]) ?? []) {
      if (seen.has(source)) continue
      seen.add(source)
      found.push(source)
    }
  }
  return found
}
