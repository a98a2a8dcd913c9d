import type { Application } from '@feathersjs/feathers'
import type { Crew, Flow, NodeTypeInfo, Paginated, Tool } from '@troupe/sdk'
import { crewToolName, flowToolName, uniqueNames } from './tool-names.js'

/** What an MCP client may call: a tool of the tenant, or a flow or crew run as a tool. */
export interface ExposedTarget {
  kind: 'tool' | 'flow' | 'crew'
  id: string
  /** The MCP tool name. */
  name: string
  description: string
  inputSchema: Record<string, unknown>
  /** Flows and crews: how many steps (nodes, tasks) a run goes through, for progress. */
  nodeCount?: number
}

type CallParams = Record<string, unknown>
const pageSize = 100
const anyObject = { type: 'object', properties: {} }

/** Every page of a `find` made on the caller's behalf (its role and tenant scope apply). */
async function findAll<T>(app: Application, path: string, params: CallParams, query: Record<string, unknown>): Promise<T[]> {
  const all: T[] = []
  for (let skip = 0; ; skip += pageSize) {
    const page = (await app.service(path).find({ ...params, query: { ...query, $limit: pageSize, $skip: skip } })) as Paginated<T>
    all.push(...page.data)
    if (all.length >= page.total || page.data.length === 0) return all
  }
}

/** A flow's input schema: the one its trigger declares, or any object. */
function flowInputSchema(flow: Flow, triggerTypes: Set<string>): Record<string, unknown> {
  const trigger = flow.nodes.find((node) => triggerTypes.has(node.type))
  const schema = trigger?.params?.inputSchema
  return schema && typeof schema === 'object' ? (schema as Record<string, unknown>) : anyObject
}

/** Whether a plugin providing `path` is loaded (crews come from the crew plugin). */
const hasService = (app: Application, path: string) => Boolean((app as unknown as { services: Record<string, unknown> }).services[path])

/**
 * The tenant's tools, flows and crews marked `exposeViaMcp`, read fresh on every call through
 * the services (so renames, removals and role changes count at once).
 */
export async function listExposedTargets(app: Application, params: CallParams): Promise<ExposedTarget[]> {
  const [tools, flows, crews, nodeTypes] = await Promise.all([
    findAll<Tool>(app, 'tools', params, { exposeViaMcp: true, $sort: { name: 1 } }),
    findAll<Flow>(app, 'flows', params, { exposeViaMcp: true, $sort: { name: 1 } }),
    hasService(app, 'crews') ? findAll<Crew>(app, 'crews', params, { exposeViaMcp: true, $sort: { name: 1 } }) : Promise.resolve([]),
    app.service('node-types').find({}) as Promise<Paginated<NodeTypeInfo>>
  ])
  const triggerTypes = new Set(nodeTypes.data.filter((type) => type.trigger).map((type) => type.type))
  return uniqueNames<ExposedTarget>([
    ...tools.map((tool) => ({ kind: 'tool' as const, id: tool.id, name: tool.name, description: tool.description, inputSchema: tool.inputSchema })),
    ...flows.map((flow) => ({
      kind: 'flow' as const,
      id: flow.id,
      name: flowToolName(flow.name),
      description: flow.description || `Runs the flow "${flow.name}" and returns its output`,
      inputSchema: flowInputSchema(flow, triggerTypes),
      nodeCount: flow.nodes.length
    })),
    ...crews.map((crew) => ({
      kind: 'crew' as const,
      id: crew.id,
      name: crewToolName(crew.name),
      description: crew.description || `Has the crew "${crew.name}" work through its tasks and returns its answer`,
      inputSchema: crew.inputSchema ?? anyObject,
      nodeCount: crew.tasks.length
    }))
  ])
}
