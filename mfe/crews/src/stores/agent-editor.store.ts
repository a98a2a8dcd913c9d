import { defineStore } from 'pinia'
import { crewService, useResourceEditor } from '@troupe/mfe-kit'
import { agentDraftFrom, agentDraftToData, emptyAgentDraft } from '../model/agent-draft.ts'

/** The agent being created or edited, and saving it. */
export const useAgentEditorStore = defineStore('crews/agent-editor', () => {
  const { id: agentId, draft, dirty, loading, saving, error, errors, open, edit, save } = useResourceEditor({
    empty: emptyAgentDraft,
    fromRecord: agentDraftFrom,
    toData: agentDraftToData,
    get: (id) => crewService('agents').get(id),
    create: (data) => crewService('agents').create(data),
    patch: (id, data) => crewService('agents').patch(id, data)
  })

  return { agentId, draft, dirty, loading, saving, error, errors, open, edit, save }
})
