import { describe, expect, it } from 'vitest'
import type { Crew } from '@troupe/sdk'
import { crewDraftFrom, crewDraftToData, emptyCrewDraft, withAgents } from './crew-draft.ts'

const crew: Crew = {
  id: 'c1',
  name: 'Writers',
  description: '',
  process: 'sequential',
  agentIds: ['a1', 'a2'],
  managerAgentId: null,
  managerProviderId: null,
  tasks: [
    { id: 'research', description: 'Research {topic}', expectedOutput: 'notes', agentId: 'a1' },
    { id: 'write', description: 'Write', expectedOutput: 'article', agentId: 'a2', context: ['research'], outputSchema: { type: 'object' } }
  ],
  memory: false,
  inputSchema: null,
  exposeViaMcp: false,
  createdBy: null,
  createdAt: '',
  updatedAt: ''
}

describe('crew draft', () => {
  it('round-trips a crew', () => {
    const read = crewDraftToData(crewDraftFrom(crew))
    expect(read).toEqual({
      data: {
        name: 'Writers',
        description: '',
        process: 'sequential',
        agentIds: ['a1', 'a2'],
        managerAgentId: null,
        managerProviderId: null,
        tasks: [
          { id: 'research', description: 'Research {topic}', expectedOutput: 'notes', agentId: 'a1', context: null, outputSchema: null },
          { id: 'write', description: 'Write', expectedOutput: 'article', agentId: 'a2', context: ['research'], outputSchema: { type: 'object' } }
        ],
        memory: false,
        inputSchema: null,
        exposeViaMcp: false
      }
    })
  })

  it('names unreadable JSON by the field the API would name', () => {
    const draft = crewDraftFrom(crew)
    draft.inputSchemaText = '{ nope'
    draft.tasks[1]!.outputSchemaText = '[1]'
    expect(crewDraftToData(draft)).toEqual({ errors: { inputSchema: 'Enter valid JSON', 'tasks.1.outputSchema': 'Enter a JSON object ({ ... })' } })
  })

  it('sends the manager only for hierarchical crews, and leaves task assignment to it', () => {
    const draft = { ...crewDraftFrom(crew), process: 'hierarchical' as const, managerKind: 'provider' as const, managerProviderId: 'p1', managerAgentId: 'a1' }
    const read = crewDraftToData(draft)
    expect(read).toMatchObject({ data: { managerAgentId: null, managerProviderId: 'p1' } })
    expect('data' in read && read.data.tasks.map((task) => task.agentId)).toEqual([null, null])
    expect(crewDraftToData({ ...draft, process: 'sequential' })).toMatchObject({ data: { managerAgentId: null, managerProviderId: null } })
  })

  it('starts with one empty task and unassigns tasks when their agent leaves', () => {
    expect(emptyCrewDraft().tasks).toHaveLength(1)
    expect(withAgents(crewDraftFrom(crew), ['a2']).tasks.map((task) => task.agentId)).toEqual(['', 'a2'])
  })
})
