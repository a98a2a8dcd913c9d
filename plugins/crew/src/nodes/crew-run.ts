import { referenceAnnotation, type NodeType } from '@troupe/sdk/plugin'
import { loadCrew } from '../load-definitions.js'
import { runCrew } from '../runtime/index.js'
import { checkInputs } from './check-inputs.js'
import { runtimeServicesOf } from './runtime-services.js'

export interface CrewRunParams {
  crewId: string
  inputs?: Record<string, unknown>
}

/** A crew working through its tasks; the crew's `{placeholders}` are filled from `inputs`. */
export const crewRunNode: NodeType<CrewRunParams> = {
  type: 'crew.run',
  displayName: 'Run a crew',
  description: 'Has one of your crews work through its tasks (in order, or planned by a manager) and outputs every result.',
  category: 'AI',
  params: {
    type: 'object',
    properties: {
      crewId: { type: 'string', format: 'uuid', title: 'Crew', description: 'The crew that does the work', [referenceAnnotation]: 'crews' },
      inputs: {
        type: 'object',
        title: 'Inputs',
        description: "Values for the crew's {placeholders}; values may be templates. Without it, the node's incoming value",
        additionalProperties: true
      }
    },
    required: ['crewId'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute(context) {
    const { params, services, input } = context
    const crew = await loadCrew(services.records, params.crewId)
    const incoming = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {}
    const inputs = params.inputs ?? incoming
    if (crew.inputSchema) await checkInputs(crew.inputSchema, inputs, `inputs of crew ${crew.name}`, services.logic)
    const result = await runCrew({ crew, inputs, services: runtimeServicesOf(context as never, crew.memory) })
    return { output: { text: result.text, tasks: result.tasks.map(({ taskId, output }) => ({ taskId, output })), usage: result.usage } }
  }
}
