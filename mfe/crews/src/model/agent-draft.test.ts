import { describe, expect, it } from 'vitest'
import { agentDraftToData, emptyAgentDraft } from './agent-draft.ts'

describe('agent draft', () => {
  it('turns empty choices into nulls and reads the output schema', () => {
    const draft = { ...emptyAgentDraft(), name: ' Scout ', role: 'Researcher', goal: 'Find facts', toolIds: ['t1'], outputSchemaText: '{"type":"object"}' }
    expect(agentDraftToData(draft)).toEqual({
      data: { name: 'Scout', role: 'Researcher', goal: 'Find facts', backstory: '', providerId: null, model: null, toolIds: ['t1'], allowDelegation: false, maxIterations: 10, outputSchema: { type: 'object' } }
    })
  })

  it('reports an unreadable output schema on its field', () => {
    expect(agentDraftToData({ ...emptyAgentDraft(), outputSchemaText: 'not json' })).toEqual({ errors: { outputSchema: 'Enter valid JSON' } })
  })
})
