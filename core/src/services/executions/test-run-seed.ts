import { type FlowEdge, type FlowNode, type PinnedOutputs } from '@troupe/sdk'
import { validationError } from '../../validation/ajv.js'
import { pinnedOutputProblems } from '../flows/notes-and-pins.js'
import type { SeededNodeState, TestRunSeed } from '../../executor/store/queued-execution-inserter.js'


export interface TestRunRequest {
  pinnedOutputs?: PinnedOutputs
  onlyNodeId?: string
}

const labelOf = (nodes: readonly FlowNode[], nodeId: string) => {
  const node = nodes.find((candidate) => candidate.id === nodeId)
  return `"${node?.label || nodeId}"`
}

/**
 * The node states a test run of `flow` starts with (`POST /executions {flowId, pinnedOutputs?,
 * onlyNodeId?}`), or `undefined` for an ordinary run. Pinned nodes complete at once with their
 * pinned output. With `onlyNodeId`, only that node runs (even when pinned): every other node gives
 * its pinned output or counts as skipped, and at least one node feeding it must have an output
 * (else a 400 naming `pinnedOutputs`); the editor sends what it knows of every node, so a test
 * carries the other nodes' last outputs on. A pin of a node the flow lacks, or larger than a
 * node's output may be, is a 400 naming it.
 */
export function testRunSeed(flow: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] }, request: TestRunRequest, maxOutputBytes: number): TestRunSeed | undefined {
  const { onlyNodeId } = request
  if (request.pinnedOutputs === undefined && onlyNodeId === undefined) return undefined
  const pins = request.pinnedOutputs ?? {}
  const nodeIds = new Set(flow.nodes.map((node) => node.id))
  const problems = pinnedOutputProblems(pins, nodeIds, maxOutputBytes)
  if (onlyNodeId !== undefined && !nodeIds.has(onlyNodeId)) problems.push({ field: 'onlyNodeId', message: 'is not a node of this flow' })
  if (problems.length > 0) throw validationError('execution', problems)
  const pinned = (nodeId: string) => Object.hasOwn(pins, nodeId)

  if (onlyNodeId === undefined) {
    const pinnedNodeIds = Object.keys(pins)
    return { states: pinnedNodeIds.map((nodeId) => ({ nodeId, status: 'succeeded', output: pins[nodeId] })), pinnedNodeIds, onlyNodeId: null }
  }
  const feeding = [...new Set(flow.edges.filter((edge) => edge.target === onlyNodeId).map((edge) => edge.source))]
  if (feeding.length > 0 && !feeding.some(pinned)) {
    const names = feeding.map((nodeId) => labelOf(flow.nodes, nodeId)).join(', ')
    throw validationError('execution', [
      { field: 'pinnedOutputs', message: `holds no output of what feeds node ${labelOf(flow.nodes, onlyNodeId)} (${names}): run the flow or pin one of their outputs first` }
    ])
  }
  const states: SeededNodeState[] = []
  for (const node of flow.nodes) {
    if (node.id === onlyNodeId) continue
    states.push(pinned(node.id) ? { nodeId: node.id, status: 'succeeded', output: pins[node.id] } : { nodeId: node.id, status: 'skipped', output: null })
  }
  return { states, pinnedNodeIds: states.filter((state) => state.status === 'succeeded').map((state) => state.nodeId), onlyNodeId }
}
