import type { FlowNode } from '@troupe/sdk'
import type { TypeLookup } from './connect.ts'
import type { Graph } from './graph.ts'

/** What is wrong with the graph as drawn, before any save: per node (by id), and for the flow. */
export interface LiveProblems {
  nodes: Record<string, string[]>
  flow: string[]
}

const labelOf = (node: FlowNode) => node.label || node.id
const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

/** A loop of node ids (first repeated at the end), if the graph has one. */
function findLoop(graph: Graph): string[] | undefined {
  const next = new Map<string, string[]>()
  for (const edge of graph.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target])
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  // Iterative depth-first search: a hostile or huge graph cannot overflow the stack.
  for (const start of graph.nodes.map((node) => node.id)) {
    if (state.has(start)) continue
    const stack: Array<{ id: string; children: string[]; at: number }> = [{ id: start, children: next.get(start) ?? [], at: 0 }]
    state.set(start, 'open')
    path.push(start)
    while (stack.length) {
      const top = stack[stack.length - 1]!
      if (top.at === top.children.length) {
        state.set(top.id, 'done')
        stack.pop()
        path.pop()
        continue
      }
      const child = top.children[top.at++]!
      if (state.get(child) === 'open') return [...path.slice(path.indexOf(child)), child]
      if (state.has(child)) continue
      state.set(child, 'open')
      path.push(child)
      stack.push({ id: child, children: next.get(child) ?? [], at: 0 })
    }
  }
  return undefined
}

/**
 * The problems the server would refuse, or that would surprise at run time, found as the graph is
 * drawn, naming nodes by their labels: a loop, a node nothing runs (it would run as an extra
 * start), a required param left empty.
 */
export function liveProblems(graph: Graph, typeOf: TypeLookup): LiveProblems {
  const problems: LiveProblems = { nodes: {}, flow: [] }
  const add = (id: string, message: string) => (problems.nodes[id] ??= []).push(message)
  const byId = new Map(graph.nodes.map((node) => [node.id, node]))
  const fed = new Set(graph.edges.map((edge) => edge.target))

  for (const node of graph.nodes) {
    const type = typeOf(node.type)
    if (!type) continue
    if (type.inputs.length > 0 && !fed.has(node.id)) add(node.id, 'Not connected: nothing runs it (it would start the flow on its own)')
    const params = type.params as { required?: string[]; properties?: Record<string, { title?: string }> } | undefined
    for (const name of params?.required ?? []) {
      if (isEmpty(node.params?.[name])) add(node.id, `${params?.properties?.[name]?.title ?? name} is required`)
    }
  }
  if (graph.nodes.length && !graph.nodes.some((node) => typeOf(node.type)?.trigger)) problems.flow.push('The flow has no trigger: add one to start it')

  const loop = findLoop(graph)
  if (loop) {
    problems.flow.push(`A loop: ${loop.map((id) => labelOf(byId.get(id)!)).join(' → ')}. A flow runs each node once, so a loop never ends.`)
    for (const id of new Set(loop)) add(id, 'Part of a loop')
  }
  return problems
}
