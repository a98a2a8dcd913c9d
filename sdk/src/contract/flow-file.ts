import type { FlowData } from './schemas/flows.js'

/** What a flow file (`<name>.troupe-flow.json`) says it is. */
export const flowFileFormat = 'troupe.flow'
export const flowFileVersion = 1

/** The graph a flow file carries, with its sticky notes: what any tenant can import (no ids of other records' flows, no secrets, no switches, no pinned test data). */
export type FlowFileContent = Pick<FlowData, 'name' | 'description' | 'nodes' | 'edges' | 'notes'>

/** A flow exported as a file, to import into any workspace (`readFlowFile`). */
export interface FlowFile {
  format: typeof flowFileFormat
  version: typeof flowFileVersion
  exportedAt: string
  flow: FlowFileContent
}

/** The largest flow file a workspace reads (a flow at the API's largest is well under it). */
export const maxFlowFileBytes = 5 * 1024 * 1024

/** `flow` as a file: its name, description, graph and notes; never its secrets, error flow, switches or pinned data. */
export function flowFile(flow: FlowFileContent, exportedAt = new Date()): FlowFile {
  const content: FlowFileContent = { name: flow.name, nodes: flow.nodes ?? [], edges: flow.edges ?? [] }
  if (flow.description) content.description = flow.description
  if (flow.notes?.length) content.notes = flow.notes
  return { format: flowFileFormat, version: flowFileVersion, exportedAt: exportedAt.toISOString(), flow: content }
}

/** A file name for the flow: its name in lower-case words joined by dashes (`Order intake` → `order-intake.troupe-flow.json`). */
export function flowFileName(name: string): string {
  const words = name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80)
  return `${words || 'flow'}.troupe-flow.json`
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The flow a file's text holds, as data to create it with (the server checks it whole, like any
 * flow it is sent), or why it is not a flow file. Only the graph's fields are taken: anything else
 * the file holds is left out.
 */
export function readFlowFile(text: string): { flow: FlowFileContent } | { error: string } {
  if (text.length > maxFlowFileBytes) return { error: `The file is larger than ${maxFlowFileBytes / 1024 / 1024} MiB` }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { error: 'The file is not JSON' }
  }
  if (!isObject(parsed) || parsed.format !== flowFileFormat) return { error: `The file is not a Troupe flow (its "format" is not "${flowFileFormat}")` }
  if (parsed.version !== flowFileVersion) return { error: `The file is a version ${JSON.stringify(parsed.version)} flow file; this workspace reads version ${flowFileVersion}` }
  const { flow } = parsed
  if (!isObject(flow) || typeof flow.name !== 'string') return { error: 'The file has no flow with a name' }
  if (!Array.isArray(flow.nodes) || !Array.isArray(flow.edges)) return { error: 'The flow in the file has no nodes and edges lists' }
  const content: FlowFileContent = { name: flow.name, nodes: flow.nodes as FlowFileContent['nodes'], edges: flow.edges as FlowFileContent['edges'] }
  if (typeof flow.description === 'string') content.description = flow.description
  if (Array.isArray(flow.notes)) content.notes = flow.notes as FlowFileContent['notes']
  return { flow: content }
}
