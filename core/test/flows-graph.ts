import type { FlowEdge, FlowNode } from '@troupe/sdk'

/** Builds a flow body from nodes and `[source, target, sourceHandle?]` edges. */
export function flowBody(name: string, nodes: FlowNode[], edges: Array<[string, string, string?]> = []) {
  return {
    name,
    nodes,
    edges: edges.map(([source, target, sourceHandle], index): FlowEdge => ({
      id: `e${index}`,
      source,
      target,
      ...(sourceHandle ? { sourceHandle } : {})
    }))
  }
}

export const node = (id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<FlowNode> = {}): FlowNode => ({
  id,
  type,
  params,
  ...extra
})

const terminal = ['succeeded', 'failed', 'cancelled']

/** Polls an execution until it reaches a terminal status. */
export async function waitForExecution(
  get: (path: string) => Promise<{ body: any }>,
  id: string,
  timeoutMs = 20_000
): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await get(`/executions/${id}`)
    if (terminal.includes(body.status)) return body
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${body.status} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
