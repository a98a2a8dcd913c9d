import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiKey, ApiKeyData } from '@troupe/sdk'
import { useApi, useResourceList } from '@troupe/mfe-kit'

/** API keys (admins see the tenant's, others their own); a new key is shown once. */
export const useApiKeysStore = defineStore('admin/api-keys', () => {
  const list = useResourceList<ApiKey>({
    fetch: () => useApi().service('api-keys').find({ query: { $limit: 100, $sort: { createdAt: -1 } } }),
    destroy: (id) => useApi().service('api-keys').remove(id)
  })
  const { items: keys, loading, error, load } = list
  /** The secret of the key just created: shown once, forgotten on the next action. */
  const revealed = ref<{ name: string; key: string }>()

  async function create(data: ApiKeyData): Promise<boolean> {
    error.value = undefined
    revealed.value = undefined
    try {
      const { key, ...created } = await useApi().service('api-keys').create(data)
      keys.value = [created, ...keys.value]
      revealed.value = { name: created.name, key }
      return true
    } catch (caught) {
      error.value = caught
      return false
    }
  }

  async function remove(id: string) {
    revealed.value = undefined
    await list.remove(id)
  }

  return { keys, loading, error, revealed, load, create, remove }
})
