import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LlmProviderData, LlmProviderPatch, LlmProviderRecord, LlmProviderTestResult } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** The tenant's LLM providers in priority order: listing, saving, testing, removing. */
export const useProvidersStore = defineStore('admin/llm-providers', () => {
  const providers = ref<LlmProviderRecord[]>([])
  const loading = ref(false)
  const error = ref<unknown>()
  const tests = ref<Record<string, LlmProviderTestResult | 'running'>>({})

  const sorted = (list: LlmProviderRecord[]) => [...list].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name))

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      providers.value = sorted((await useApi().service('llm-providers').find({ query: { $limit: 100 } })).data)
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function save(id: string | undefined, data: LlmProviderData | LlmProviderPatch): Promise<boolean> {
    error.value = undefined
    try {
      const service = useApi().service('llm-providers')
      const saved = id ? await service.patch(id, data) : await service.create(data as LlmProviderData)
      providers.value = sorted([...providers.value.filter((item) => item.id !== saved.id), saved])
      return true
    } catch (caught) {
      error.value = caught
      return false
    }
  }

  async function remove(id: string) {
    error.value = undefined
    try {
      await useApi().service('llm-providers').remove(id)
      providers.value = providers.value.filter((item) => item.id !== id)
    } catch (caught) {
      error.value = caught
    }
  }

  async function test(id: string) {
    tests.value = { ...tests.value, [id]: 'running' }
    try {
      const result = await useApi().service('llm-providers/:providerId/test').create({ prompt: 'Say hello' }, { route: { providerId: id } })
      tests.value = { ...tests.value, [id]: result }
    } catch (caught) {
      const { [id]: _running, ...rest } = tests.value
      tests.value = rest
      error.value = caught
    }
  }

  return { providers, loading, error, tests, load, save, remove, test }
})
