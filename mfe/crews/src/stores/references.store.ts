import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LlmProviderRecord, Tool } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** The tenant's LLM providers and tools, the choices of the agent and crew forms. */
export const useReferencesStore = defineStore('crews/references', () => {
  const providers = ref<LlmProviderRecord[]>([])
  const tools = ref<Tool[]>([])
  const error = ref<unknown>()

  async function load() {
    error.value = undefined
    try {
      const api = useApi()
      const [providerPage, toolPage] = await Promise.all([
        api.service('llm-providers').find({ query: { $limit: 100, $sort: { priority: 1 } } }),
        api.service('tools').find({ query: { $limit: 100, $sort: { name: 1 } } })
      ])
      providers.value = providerPage.data
      tools.value = toolPage.data
    } catch (caught) {
      error.value = caught
    }
  }

  return { providers, tools, error, load }
})
