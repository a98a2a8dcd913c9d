import { defineStore } from 'pinia'
import { useResourceEditor, useApi } from '@troupe/mfe-kit'
import { crewDraftFrom, crewDraftToData, emptyCrewDraft, withAgents } from '../model/crew-draft.ts'
import type { TaskDraft } from '../model/task-list.ts'

/** The crew being created or edited (settings, agents, ordered tasks), and saving it. */
export const useCrewEditorStore = defineStore('crews/crew-editor', () => {
  /** `errors` is per API field name (`tasks.0.description`): unreadable JSON found here, or the server's verdict. */
  const { id: crewId, draft, dirty, loading, saving, error, errors, open, edit, save } = useResourceEditor({
    empty: emptyCrewDraft,
    fromRecord: crewDraftFrom,
    toData: crewDraftToData,
    get: (id) => useApi().service('crews').get(id),
    create: (data) => useApi().service('crews').create(data),
    patch: (id, data) => useApi().service('crews').patch(id, data)
  })

  function setTasks(tasks: TaskDraft[]) {
    edit((current) => (current.tasks = tasks))
  }

  function setAgents(agentIds: string[]) {
    draft.value = withAgents(draft.value, agentIds)
    dirty.value = true
  }

  return { crewId, draft, dirty, loading, saving, error, errors, open, edit, setTasks, setAgents, save }
})
