import { describe, expect, it } from 'vitest'
import { flowFile, flowFileName, maxFlowFileBytes, readFlowFile } from './flow-file.js'

const graph = {
  name: 'Greeter',
  description: 'Says hello',
  nodes: [{ id: 'in', type: 'trigger.manual', position: { x: 0, y: 0 } }],
  edges: [],
  notes: [{ id: 'note-1', text: 'Greets whoever runs it', position: { x: 0, y: -120 } }]
}

describe('flow files', () => {
  it('round-trip a flow: name, description and graph', () => {
    const file = flowFile(graph, new Date('2026-12-07T10:00:00Z'))
    expect(file).toEqual({ format: 'troupe.flow', version: 1, exportedAt: '2026-12-07T10:00:00.000Z', flow: graph })
    expect(readFlowFile(JSON.stringify(file))).toEqual({ flow: graph })
  })

  it('never carry secrets, switches, pinned test data or another flow of the tenant, whatever the flow or the file holds', () => {
    const flow = { ...graph, webhookSecret: 'x'.repeat(20), active: false, errorFlowId: 'f', exposeViaMcp: true, pinnedOutputs: { in: { card: '4111' } } } as typeof graph
    expect(Object.keys(flowFile(flow).flow).sort()).toEqual(['description', 'edges', 'name', 'nodes', 'notes'])
    const smuggled = JSON.stringify({ format: 'troupe.flow', version: 1, flow: { ...flow, id: 'other', tenantId: 't' } })
    expect(readFlowFile(smuggled)).toEqual({ flow: graph })
  })

  it.each([
    ['not JSON', '{', 'The file is not JSON'],
    ['another format', JSON.stringify({ format: 'n8n', version: 1 }), 'The file is not a Troupe flow (its "format" is not "troupe.flow")'],
    ['a list', '[]', 'The file is not a Troupe flow (its "format" is not "troupe.flow")'],
    ['another version', JSON.stringify({ format: 'troupe.flow', version: 2, flow: graph }), 'The file is a version 2 flow file; this workspace reads version 1'],
    ['no name', JSON.stringify({ format: 'troupe.flow', version: 1, flow: { nodes: [], edges: [] } }), 'The file has no flow with a name'],
    ['no graph', JSON.stringify({ format: 'troupe.flow', version: 1, flow: { name: 'x', nodes: {} } }), 'The flow in the file has no nodes and edges lists'],
    ['too large', ' '.repeat(maxFlowFileBytes + 1), 'The file is larger than 5 MiB']
  ])('say why a file that is %s is refused', (_what, text, error) => {
    expect(readFlowFile(text)).toEqual({ error })
  })

  it('name the file after the flow, safely', () => {
    expect(flowFileName('Order intake')).toBe('order-intake.troupe-flow.json')
    expect(flowFileName('../../etc/passwd')).toBe('etc-passwd.troupe-flow.json')
    expect(flowFileName('Grüße, Welt!')).toBe('gruße-welt.troupe-flow.json')
    expect(flowFileName('***')).toBe('flow.troupe-flow.json')
  })
})
