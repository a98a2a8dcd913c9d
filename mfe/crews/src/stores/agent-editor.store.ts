import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Agent } from '@troupe/sdk'
import { crewService, fieldErrors } from '@troupe/mfe-kit'
import { agentDraftFrom, agentDraftToData, emptyAgentDraft, type AgentDraft } from '../model/agent-draft.ts'

/** The agent being created or edited, and saving it. */
export const useAgentEditorStore = defineStore('crews/agent-editor', () => {
  const agentId = ref<string>()
  const draft = ref<AgentDraft>(emptyAgentDraft())
  const dirty = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  const error = ref<unknown>()
  const localErrors = ref<Record<string, string>>({})
  /** Per API field name: what is wrong with it (unreadable JSON here, or the server's verdict). */
  const errors = computed(() => ({ ...fieldErrors(error.value), ...localErrors.value }))

  function reset(agent?: Agent) {
    agentId.value = agent?.id
    draft.value = agent ? agentDraftFrom(agent) : emptyAgentDraft()
    dirty.value = false
    localErrors.value = {}
  }

  async function open(id: string | undefined) {
    error.value = undefined
    reset()
    if (!id) return
    loading.value = true
    try {
      reset(await crewService('agents').get(id))
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  function edit(change: (draft: AgentDraft) => void) {
    change(draft.value)
    dirty.value = true
  }

  async function save(): Promise<Agent | undefined> {
    const read = agentDraftToData(draft.value)
    localErrors.value = 'errors' in read ? read.errors : {}
    if ('errors' in read) return undefined
    saving.value = true
    error.value = undefined
    try {
      const agents = crewService('agents')
      const saved = agentId.value ? await agents.patch(agentId.value, read.data) : await agents.create(read.data)
      reset(saved)
      return saved
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      saving.value = false
    }
  }

  return { agentId, draft, dirty, loading, saving, error, errors, open, edit, save }
})
