import type { Application } from '@feathersjs/feathers'
import type { Flow, NodeTypeInfo, Paginated, Tool } from '@troupe/sdk'
import type { ContributionOf, McpExposure } from '@troupe/sdk/plugin'
import { exposedToolName, uniqueNames } from './tool-names.js'

/** How a run of an exposed record goes: the core's flows, or a plugin's `mcpExposures` (crews). */
export type RunExposure = Pick<McpExposure, 'entryField' | 'progressEvent' | 'answer'> & { label: string }

/** What an MCP client may call: a tool of the tenant, or a record run as an execution. */
export interface ExposedTarget {
  id: string
  /** The MCP tool name. */
  name: string
  description: string
  inputSchema: Record<string, unknown>
  /** How a run goes; none for a tool of the tenant, which is called, not run. */
  run?: RunExposure
  /** How many steps (nodes, tasks) a run goes through, for progress. */
  steps?: number
}

type CallParams = Record<string, unknown>
const pageSize = 100
const anyObject = { type: 'object', properties: {} }

/** The core's flows: `flow_<name>`, run through `{flowId, input}`, a step per node. */
const flowRun: RunExposure = { label: 'flow', entryField: 'flowId', progressEvent: 'node.completed' }

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

/** The records of one plugin's exposure marked `exposeViaMcp`, as targets. */
async function pluginTargets(app: Application, params: CallParams, { contribution: exposure }: ContributionOf<'mcpExposures'>): Promise<ExposedTarget[]> {
  const records = await findAll<{ id: string; name: string }>(app, exposure.service, params, { exposeViaMcp: true, $sort: { name: 1 } })
  const run: RunExposure = { label: exposure.toolPrefix, entryField: exposure.entryField, progressEvent: exposure.progressEvent, answer: exposure.answer }
  return records.map((record) => {
    const shown = exposure.describe(record as never)
    return { id: record.id, name: exposedToolName(exposure.toolPrefix, shown.name), description: shown.description, inputSchema: shown.inputSchema ?? anyObject, run, steps: shown.steps }
  })
}

/**
 * The tenant's tools and flows marked `exposeViaMcp`, and the records of the loaded plugins'
 * `mcpExposures` (crews), read fresh on every call through the services (so renames, removals and
 * role changes count at once).
 */
export async function listExposedTargets(app: Application, params: CallParams, exposures: ContributionOf<'mcpExposures'>[]): Promise<ExposedTarget[]> {
  const [tools, flows, nodeTypes, ...others] = await Promise.all([
    findAll<Tool>(app, 'tools', params, { exposeViaMcp: true, $sort: { name: 1 } }),
    findAll<Flow>(app, 'flows', params, { exposeViaMcp: true, $sort: { name: 1 } }),
    app.service('node-types').find({}) as Promise<Paginated<NodeTypeInfo>>,
    ...exposures.map((exposure) => pluginTargets(app, params, exposure))
  ])
  const triggerTypes = new Set(nodeTypes.data.filter((type) => type.trigger).map((type) => type.type))
  return uniqueNames<ExposedTarget>([
    ...tools.map((tool) => ({ id: tool.id, name: tool.name, description: tool.description, inputSchema: tool.inputSchema })),
    ...flows.map((flow) => ({
      id: flow.id,
      name: exposedToolName('flow', flow.name),
      description: flow.description || `Runs the flow "${flow.name}" and returns its output`,
      inputSchema: flowInputSchema(flow, triggerTypes),
      run: flowRun,
      steps: flow.nodes.length
    })),
    ...others.flat()
  ])
}
