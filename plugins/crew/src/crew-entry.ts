import type { ExecutionEntry } from '@troupe/sdk/plugin'

/**
 * `POST /api/v1/executions {crewId, input}`: runs the crew in a graph of its own
 * (`trigger.manual` → `crew.run` with the input as the crew's inputs → `flow.output`), so a crew
 * run is an execution like any other: events, cancellation, recovery, the tenant's quota. The
 * execution keeps the crew as `crewId`.
 */
export const crewEntry: ExecutionEntry = {
  field: 'crewId',
  async graph({ id, records }) {
    // Read on behalf of the caller: another tenant's crew, or none, is not found.
    const crew = await records.get('crews', id).catch(() => undefined)
    if (!crew) return undefined
    return {
      nodes: [
        { id: 'start', type: 'trigger.manual', params: {} },
        { id: 'crew', type: 'crew.run', params: { crewId: id, inputs: '{{ input }}' } },
        { id: 'output', type: 'flow.output', params: {} }
      ],
      edges: [
        { id: 'start-crew', source: 'start', target: 'crew' },
        { id: 'crew-output', source: 'crew', target: 'output' }
      ]
    }
  }
}
