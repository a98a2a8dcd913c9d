import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LlmProviderData, LlmProviderKindInfo, LlmProviderPatch, LlmProviderRecord, LlmProviderTestResult } from '@troupe/sdk'
import { useApi, useResourceList } from '@troupe/mfe-kit'

/** The tenant's LLM providers in priority order: listing, saving, testing, removing. */
export const useProvidersStore = defineStore('admin/llm-providers', () => {
  const sorted = (list: LlmProviderRecord[]) => [...list].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name))
  const { items: providers, loading, error, load, remove } = useResourceList<LlmProviderRecord>({
    fetch: async () => {
      const page = await useApi().service('llm-providers').find({ query: { $limit: 100 } })
      return { ...page, data: sorted(page.data) }
    },
    destroy: (id) => useApi().service('llm-providers').remove(id)
  })
  const tests = ref<Record<string, LlmProviderTestResult | 'running'>>({})
  /** The provider kinds the server's plugins contribute: the form is drawn from them. */
  const kinds = ref<LlmProviderKindInfo[]>([])

  async function loadKinds() {
    try {
      kinds.value = (await useApi().service('llm-provider-kinds').find()).data
    } catch (caught) {
      error.value = caught
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

  return { providers, kinds, loading, error, tests, load, loadKinds, save, remove, test }
})
