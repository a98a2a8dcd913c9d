import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiKey, ApiKeyData } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** API keys (admins see the tenant's, others their own); a new key is shown once. */
export const useApiKeysStore = defineStore('admin/api-keys', () => {
  const keys = ref<ApiKey[]>([])
  const loading = ref(false)
  const error = ref<unknown>()
  /** The secret of the key just created: shown once, forgotten on the next action. */
  const revealed = ref<{ name: string; key: string }>()

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      keys.value = (await useApi().service('api-keys').find({ query: { $limit: 100, $sort: { createdAt: -1 } } })).data
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

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
    error.value = undefined
    revealed.value = undefined
    try {
      await useApi().service('api-keys').remove(id)
      keys.value = keys.value.filter((key) => key.id !== id)
    } catch (caught) {
      error.value = caught
    }
  }

  return { keys, loading, error, revealed, load, create, remove }
})
