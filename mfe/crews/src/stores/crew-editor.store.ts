import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Crew } from '@troupe/sdk'
import { crewService, fieldErrors } from '@troupe/mfe-kit'
import { crewDraftFrom, crewDraftToData, emptyCrewDraft, withAgents, type CrewDraft } from '../model/crew-draft.ts'
import type { TaskDraft } from '../model/task-list.ts'

/** The crew being created or edited (settings, agents, ordered tasks), and saving it. */
export const useCrewEditorStore = defineStore('crews/crew-editor', () => {
  const crewId = ref<string>()
  const draft = ref<CrewDraft>(emptyCrewDraft())
  const dirty = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  const error = ref<unknown>()
  const localErrors = ref<Record<string, string>>({})
  /** Per API field name (`tasks.0.description`): unreadable JSON found here, or the server's verdict. */
  const errors = computed(() => ({ ...fieldErrors(error.value), ...localErrors.value }))

  function reset(crew?: Crew) {
    crewId.value = crew?.id
    draft.value = crew ? crewDraftFrom(crew) : emptyCrewDraft()
    dirty.value = false
    localErrors.value = {}
  }

  async function open(id: string | undefined) {
    error.value = undefined
    reset()
    if (!id) return
    loading.value = true
    try {
      reset(await crewService('crews').get(id))
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  function edit(change: (draft: CrewDraft) => void) {
    change(draft.value)
    dirty.value = true
  }

  function setTasks(tasks: TaskDraft[]) {
    edit((current) => (current.tasks = tasks))
  }

  function setAgents(agentIds: string[]) {
    draft.value = withAgents(draft.value, agentIds)
    dirty.value = true
  }

  async function save(): Promise<Crew | undefined> {
    const read = crewDraftToData(draft.value)
    localErrors.value = 'errors' in read ? read.errors : {}
    if ('errors' in read) return undefined
    saving.value = true
    error.value = undefined
    try {
      const crews = crewService('crews')
      const saved = crewId.value ? await crews.patch(crewId.value, read.data) : await crews.create(read.data)
      reset(saved)
      return saved
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      saving.value = false
    }
  }

  return { crewId, draft, dirty, loading, saving, error, errors, open, edit, setTasks, setAgents, save }
})
