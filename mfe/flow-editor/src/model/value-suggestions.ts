import { upstreamOf } from '@troupe/sdk'
import type { Graph } from './graph.ts'

/** How deep into a value the suggestions go (`nodes.fetch.output.items` is three levels). */
const maxDepth = 2
/** At most this many suggestions of one value's keys: a wide object is not listed whole. */
const maxKeys = 20

/** `root` and the paths into `value`'s object keys, a level or two deep. */
function pathsOf(root: string, value: unknown, depth = 0): string[] {
  const paths = [root]
  if (depth >= maxDepth || !value || typeof value !== 'object' || Array.isArray(value)) return paths
  for (const key of Object.keys(value).slice(0, maxKeys)) {
    // Only names a template reads with a dot: `nodes.fetch.output.items`, not `output.2nd key`.
    if (/^[A-Za-z_$][\w$]*$/.test(key)) paths.push(...pathsOf(`${root}.${key}`, (value as Record<string, unknown>)[key], depth + 1))
  }
  return paths
}

/**
 * What a node's params may read when it runs: the execution's input and the outputs of the nodes
 * upstream of it, with their keys as the last run saw them (`input.city`, `nodes.fetch.output.items`).
 * Without a run, the roots alone.
 */
export function valueSuggestions(graph: Graph, nodeId: string, lastRun?: { input: unknown; outputs: Record<string, unknown> }): string[] {
  const suggestions = pathsOf('input', lastRun?.input)
  for (const upstream of upstreamOf(nodeId, graph.edges)) suggestions.push(...pathsOf(`nodes.${upstream}.output`, lastRun?.outputs[upstream]))
  return suggestions
}
