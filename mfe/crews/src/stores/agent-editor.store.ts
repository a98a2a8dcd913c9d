import { defineStore } from 'pinia'
import { useResourceEditor, useApi } from '@troupe/mfe-kit'
import { agentDraftFrom, agentDraftToData, emptyAgentDraft } from '../model/agent-draft.ts'

/** The agent being created or edited, and saving it. */
export const useAgentEditorStore = defineStore('crews/agent-editor', () => {
  const { id: agentId, draft, dirty, loading, saving, error, errors, open, edit, save } = useResourceEditor({
    empty: emptyAgentDraft,
    fromRecord: agentDraftFrom,
    toData: agentDraftToData,
    get: (id) => useApi().service('agents').get(id),
    create: (data) => useApi().service('agents').create(data),
    patch: (id, data) => useApi().service('agents').patch(id, data)
  })

  return { agentId, draft, dirty, loading, saving, error, errors, open, edit, save }
})
