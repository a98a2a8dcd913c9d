import { BadRequest } from '@feathersjs/errors'
import type { FlowShape } from '../../executor/graph/flow-shapes.js'
import type { Application, Principal } from '../../declarations.js'

/**
 * What `POST /executions {crewId, input}` runs: the crew in a graph of its own
 * (`trigger.manual` → `crew.run` with the input as the crew's inputs → `flow.output`), so a crew
 * run is an execution like any other: events, cancellation, recovery. Needs the crew plugin.
 */
export async function crewExecutionGraph(app: Application, principal: Principal, crewId: string): Promise<FlowShape> {
  const plugins = app.get('plugins')
  if (!plugins.nodeTypes.has('crew.run')) {
    throw new BadRequest('Crews are not available: the crew plugin is not loaded', [{ field: 'crewId', message: 'needs the crew plugin' }])
  }
  const crews = (app as unknown as { services: Record<string, { _get(id: string, params: object): Promise<unknown> } | undefined> }).services.crews
  const crew = await crews?._get(crewId, { principal }).catch(() => undefined)
  if (!crew) throw new BadRequest(`crewId ${crewId} is not a crew of this tenant`, [{ field: 'crewId', message: 'does not exist' }])
  return {
    nodes: [
      { id: 'start', type: 'trigger.manual' },
      { id: 'crew', type: 'crew.run', params: { crewId, inputs: '{{ input }}' } },
      { id: 'output', type: 'flow.output' }
    ],
    edges: [
      { id: 'start-crew', source: 'start', target: 'crew' },
      { id: 'crew-output', source: 'crew', target: 'output' }
    ]
  }
}
